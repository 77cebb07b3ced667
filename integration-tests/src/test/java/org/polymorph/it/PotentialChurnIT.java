package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.InProcessRuntime.Output;
import org.polymorph.it.support.Polling;

/**
 * The example pair style deployed into deploy/ and removed 100 times (FileInstall polling every 50 ms) while
 * md.run jobs run without pause on two threads: no job fails, md.evaluate with born works whenever it is
 * deployed (every tenth cycle checked), no PotentialProvider service of a removed bundle stays registered,
 * every removed bundle's class loader and {@link Bundle} object are collected (weak references cleared) and the heap
 * after GC returns to within 32 MB of its level before the churn.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PotentialChurnIT {
    private static final int CYCLES = 100;
    private static final int JOB_THREADS = 2;
    private static final String PROVIDER = "org.polymorph.materials.potential.PotentialProvider";
    private static final String[] LJ_RUN = {"run", "md.run", "lattice=fcc", "a=5.26", "repeat=3,3,3", "element=Ar",
        "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5", "steps=200", "thermo_every=50", "dump_every=100", "--json"};

    private static Path home;
    private static Path cwd;
    private static InProcessRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path scratch = DistributionHome.scratch("potential-churn");
        home = DistributionHome.copy(scratch);
        cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        runtime = InProcessRuntime.start(home, cwd, java.util.Map.of("felix.fileinstall.poll", "50"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        DistributionHome.dropCaches(home);
    }

    @Test
    void deployAndRemove100TimesWhileMdRuns() throws Exception {
        int builtin = providers().size();
        cycle(0, new ArrayList<>(), new ArrayList<>());               // warm-up: the first deploy loads what every later one shares
        assertEquals(0, runtime.cli(withOut(LJ_RUN, "warm")).exit());
        long baseline = Polling.heapAfterGc();

        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger jobs = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> runners = new ArrayList<>();
        for (int t = 0; t < JOB_THREADS; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                for (int k = 0; churning.get() || k == 0; k++) {
                    Output o = runtime.cli(withOut(LJ_RUN, "job-" + thread + "-" + k));
                    jobs.incrementAndGet();
                    if (o.exit() != 0) failures.add("md.run job " + thread + "-" + k + " exited " + o.exit() + ": " + o.err());
                }
            }, "md-run-job-" + t);
            th.start();
            runners.add(th);
        }
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        List<WeakReference<Bundle>> bundles = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int c = 1; c <= CYCLES; c++) {
                String problem = cycle(c, loaders, bundles);
                if (problem != null) failures.add(problem);
            }
        } finally {
            churning.set(false);
            for (Thread th : runners) th.join(TimeUnit.SECONDS.toMillis(120));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(failures.isEmpty(), failures.size() + " failure(s), first: " + failures.peek());

        List<ServiceReference<?>> left = providers();
        assertEquals(builtin, left.size(), "PotentialProvider services after the churn: " + left);
        for (ServiceReference<?> r : left) {
            assertTrue(r.getBundle() != null && !PotentialHotDeployIT.BSN.equals(r.getBundle().getSymbolicName()), "left behind: " + r);
        }
        long heap = Polling.heapAfterGc();
        int alive = 0;
        for (WeakReference<ClassLoader> w : loaders) if (w.get() != null) alive++;
        int bundlesAlive = 0;
        for (WeakReference<Bundle> w : bundles) if (w.get() != null) bundlesAlive++;
        String figures = String.format(Locale.ROOT, "[PotentialChurnIT] %d deploy/remove cycles in %.1f s with %d md.run jobs alongside; heap after GC"
                + " %.1f MB (before %.1f MB); class loaders of removed bundles still reachable: %d of %d%n", CYCLES, seconds, jobs.get(), heap / 1e6,
                baseline / 1e6, alive, loaders.size());
        System.err.print(figures);
        Files.writeString(home.getParent().resolve("potential-churn.txt"), figures);
        assertEquals(CYCLES, loaders.size());
        assertEquals(0, alive, "class loaders of removed bundles not collected");
        assertEquals(0, bundlesAlive, "Bundle objects of removed bundles still reachable (held by the service registry?)");
        assertTrue(heap - baseline < 32_000_000L, "heap grew by " + (heap - baseline) / 1e6 + " MB");
    }

    /** One deploy, (every tenth) md.evaluate with born, one removal; a description of what went wrong, or null. */
    private static String cycle(int c, List<WeakReference<ClassLoader>> loaders, List<WeakReference<Bundle>> bundles) throws Exception {
        Path jar = PotentialHotDeployIT.deploy(home);
        if (!Polling.waitFor(() -> bornRegistered())) return "cycle " + c + ": born not registered 10 s after the copy";
        Bundle b = bundle();
        if (b != null) bundles.add(new WeakReference<>(b));
        BundleWiring wiring = b == null ? null : b.adapt(BundleWiring.class);
        if (wiring != null) loaders.add(new WeakReference<>(wiring.getClassLoader()));
        wiring = null;
        b = null;
        if (c % 10 == 0) {
            Output o = Polling.justRegistered(() -> PotentialHotDeployIT.evaluate(runtime, PotentialHotDeployIT.BORN), "unknown pair style");
            if (o.exit() != 0) return "cycle " + c + ": md.evaluate with born exited " + o.exit() + ": " + o.err();
        }
        Files.delete(jar);
        if (!Polling.waitFor(() -> !bornRegistered() && bundle() == null)) return "cycle " + c + ": born still there 10 s after the delete";
        return null;
    }

    private static boolean bornRegistered() { return PotentialHotDeployIT.registered(runtime); }

    private static Bundle bundle() {
        for (Bundle b : runtime.context().getBundles()) if (PotentialHotDeployIT.BSN.equals(b.getSymbolicName())) return b;
        return null;
    }

    private static List<ServiceReference<?>> providers() throws InvalidSyntaxException {
        ServiceReference<?>[] refs = runtime.context().getAllServiceReferences(PROVIDER, null);
        return refs == null ? List.of() : List.of(refs);
    }

    private static String[] withOut(String[] args, String name) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 2);
        out[args.length] = "--out";
        out[args.length + 1] = cwd.resolve(name).toString();
        return out;
    }
}
