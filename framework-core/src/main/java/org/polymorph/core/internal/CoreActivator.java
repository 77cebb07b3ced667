package org.polymorph.core.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.service.ServiceCatalog;
import org.osgi.framework.ServiceRegistration;
import org.polymorph.core.internal.run.BuildInfo;
import org.polymorph.core.internal.run.MethodRegistry;
import org.polymorph.core.internal.run.RunEngine;
import org.polymorph.core.internal.run.RunEnvironment;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.RunService;

/**
 * Starts the run engine of the core bundle: tracks Method and TensorService services (and the probes of backends
 * still to come, which a run asking for one waits for) and registers
 * {@link RunService} and {@link MethodCatalog} for every surface, and the local-threads {@link Distributed} over the
 * registered {@link WorkKind}s ({@value #WORK_THREADS_PROPERTY} items at once, default the processors). Framework properties:
 * {@value #CWD_PROPERTY} (the user's working directory, set by the launcher; default run directories
 * go under it) and {@value #PARALLEL_PROPERTY} (how many runs execute at once, default
 * {@value #DEFAULT_PARALLEL}; more wait queued). Stopping cancels unfinished runs and gives them
 * {@value #STOP_WAIT_S} s to write their checkpoints.
 */
public final class CoreActivator implements BundleActivator {
    static final String CWD_PROPERTY = "polymorph.cwd";
    static final String PARALLEL_PROPERTY = "polymorph.run.parallel";
    static final int DEFAULT_PARALLEL = 4;
    static final long STOP_WAIT_S = 10;
    static final String WORK_THREADS_PROPERTY = "polymorph.work.threads";
    /** Service property marking the local-threads {@link Distributed}, which a cluster member runs its share of items on. */
    public static final String LOCAL_PROPERTY = "polymorph.distributed.local";

    private MethodRegistry registry;
    private BackendCatalog backends;
    private RunEngine engine;
    private ServiceRegistration<RunService> runService;
    private ServiceRegistration<MethodCatalog> catalog;
    private ServiceCatalog<WorkKind> workKinds;
    private ExecutorService workPool;
    private ServiceRegistration<Distributed> distributed;

    @Override
    public void start(BundleContext context) {
        registry = new MethodRegistry(context);
        backends = BackendCatalog.tracking(context);
        registry.open();
        String cwd = context.getProperty(CWD_PROPERTY);
        Path dir = Path.of(cwd == null || cwd.isBlank() ? System.getProperty("user.dir") : cwd).toAbsolutePath().normalize();
        RunEnvironment env = new RunEnvironment(dir, context.getBundle().getVersion().toString(), BuildInfo.gitCommit(context.getBundle().getHeaders()),
                backends, Clock.systemDefaultZone());
        engine = new RunEngine(registry, env, Executors.newFixedThreadPool(parallel(context), threads()));
        runService = context.registerService(RunService.class, engine, new Hashtable<>());
        catalog = context.registerService(MethodCatalog.class, registry, new Hashtable<>());
        workKinds = ServiceCatalog.tracking(context, WorkKind.class, WorkKind.NAME_PROPERTY, "work kind");
        int workThreads = workThreads(context);
        workPool = Executors.newFixedThreadPool(workThreads, threads("polymorph-work-"));
        Hashtable<String, Object> local = new Hashtable<>();
        local.put(Constants.SERVICE_RANKING, 0);
        local.put(LOCAL_PROPERTY, "true");
        distributed = context.registerService(Distributed.class, new LocalDistributed(workKinds, workPool, workThreads), local);
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        if (runService != null) runService.unregister();
        if (catalog != null) catalog.unregister();
        if (distributed != null) distributed.unregister();
        if (workPool != null) workPool.shutdownNow();
        if (workKinds != null) workKinds.close();
        try {
            if (engine != null) engine.close(STOP_WAIT_S);
        } finally {
            registry.close();
            backends.close();
        }
    }

    private static int parallel(BundleContext context) { return positive(context, PARALLEL_PROPERTY, DEFAULT_PARALLEL); }

    /** How many work items run at once on local threads: {@value #WORK_THREADS_PROPERTY}, default the available processors. */
    private static int workThreads(BundleContext context) {
        return positive(context, WORK_THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
    }

    private static int positive(BundleContext context, String property, int def) {
        String v = context.getProperty(property);
        try {
            return v == null || v.isBlank() ? def : Math.max(1, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("framework property " + property + " = '" + v + "': not an integer; give e.g. 4", e);
        }
    }

    /** Daemon threads named polymorph-run-N, so that a stuck Method does not keep the JVM alive. */
    private static ThreadFactory threads() { return threads("polymorph-run-"); }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
