package org.polymorph.core.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.internal.run.BuildInfo;
import org.polymorph.core.internal.run.MethodRegistry;
import org.polymorph.core.internal.run.RunEngine;
import org.polymorph.core.internal.run.RunEnvironment;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.RunService;
import org.polymorph.core.tensor.TensorService;

/**
 * Starts the run engine of the core bundle: tracks Method and TensorService services and registers
 * {@link RunService} and {@link MethodCatalog} for every surface. Framework properties:
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

    private MethodRegistry registry;
    private ServiceTracker<TensorService, TensorService> backends;
    private RunEngine engine;
    private ServiceRegistration<RunService> runService;
    private ServiceRegistration<MethodCatalog> catalog;

    @Override
    public void start(BundleContext context) {
        registry = new MethodRegistry(context);
        backends = new ServiceTracker<>(context, TensorService.class, null);
        registry.open();
        backends.open();
        String cwd = context.getProperty(CWD_PROPERTY);
        Path dir = Path.of(cwd == null || cwd.isBlank() ? System.getProperty("user.dir") : cwd).toAbsolutePath().normalize();
        RunEnvironment env = new RunEnvironment(dir, context.getBundle().getVersion().toString(), BuildInfo.gitCommit(context.getBundle().getHeaders()),
                () -> Optional.ofNullable(backends.getService()).map(TensorService::name), Clock.systemDefaultZone());
        engine = new RunEngine(registry, env, Executors.newFixedThreadPool(parallel(context), threads()));
        runService = context.registerService(RunService.class, engine, new Hashtable<>());
        catalog = context.registerService(MethodCatalog.class, registry, new Hashtable<>());
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        if (runService != null) runService.unregister();
        if (catalog != null) catalog.unregister();
        try {
            if (engine != null) engine.close(STOP_WAIT_S);
        } finally {
            registry.close();
            backends.close();
        }
    }

    private static int parallel(BundleContext context) {
        String v = context.getProperty(PARALLEL_PROPERTY);
        try {
            return v == null || v.isBlank() ? DEFAULT_PARALLEL : Math.max(1, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("framework property " + PARALLEL_PROPERTY + " = '" + v + "': not an integer; give e.g. 4", e);
        }
    }

    /** Daemon threads named polymorph-run-N, so that a stuck Method does not keep the JVM alive. */
    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "polymorph-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
