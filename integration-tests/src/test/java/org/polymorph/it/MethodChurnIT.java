package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleWiring;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.Polling;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.InProcessRuntime.Output;

/**
 * The example Method bundle deployed into deploy/ and removed {@value #CYCLES} times (FileInstall polling every
 * 50 ms), running example.rosenbrock every tenth cycle: afterwards no object of a removed bundle is reachable, neither
 * its {@link Bundle} nor its class loader (weak references cleared after collections). Felix keeps a record of
 * every service a bundle ever got in its registry, keyed by the bundle, and drops the records of non-prototype
 * services only when the service is unregistered, not when the using bundle stops; a service that outlives the
 * deployed bundle and was got through its context (Log4j's Provider, Configuration Admin) would pin the bundle
 * for the life of the runtime (about 10 KB per cycle). The live heap growth per cycle is printed as a figure.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MethodChurnIT {
    private static final int CYCLES = 30;
    private static final String METHOD = "org.polymorph.core.method.Method";
    private static final String ID_FILTER = "(polymorph.method.id=example.rosenbrock)";
    private static final String BSN = "org.polymorph.example.custommethod";

    private static Path home;
    private static Path cwd;
    private static InProcessRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path scratch = DistributionHome.scratch("method-churn");
        home = DistributionHome.copy(scratch);
        cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        runtime = InProcessRuntime.start(home, cwd, Map.of("felix.fileinstall.poll", "50"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        DistributionHome.dropCaches(home);
    }

    @Test
    void removedMethodBundlesLeaveNothingBehind() throws Exception {
        List<WeakReference<Bundle>> bundles = new ArrayList<>();
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        cycle(0, new ArrayList<>(), new ArrayList<>(), failures);          // warm-up: the first deploy loads what every later one shares
        long baseline = Polling.heapAfterGc();
        for (int c = 1; c <= CYCLES; c++) cycle(c, bundles, loaders, failures);
        assertTrue(failures.isEmpty(), failures.size() + " failure(s), first: " + (failures.isEmpty() ? "" : failures.get(0)));

        long heap = Polling.heapAfterGc();
        int bundlesAlive = alive(bundles);
        int loadersAlive = alive(loaders);
        String figures = String.format(Locale.ROOT, "[MethodChurnIT] %d deploy/remove cycles (a run every tenth): removed bundles still reachable %d,"
                + " their class loaders %d; live heap after GC %+.1f KB per cycle%n", CYCLES, bundlesAlive, loadersAlive,
                (heap - baseline) / 1e3 / CYCLES);
        System.err.print(figures);
        Files.writeString(home.getParent().resolve("method-churn.txt"), figures);
        assertEquals(CYCLES, bundles.size());
        assertEquals(0, bundlesAlive, "Bundle objects of removed bundles still reachable (held by the service registry?)");
        assertEquals(0, loadersAlive, "class loaders of removed bundles still reachable");
    }

    private static void cycle(int c, List<WeakReference<Bundle>> bundles, List<WeakReference<ClassLoader>> loaders,
            List<String> failures) throws Exception {
        Path jar = home.resolve("deploy").resolve("custom-method-example.jar");
        Path staged = Files.copy(DistributionHome.exampleJar(), home.resolve("custom-method-example.jar.part"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
        if (!Polling.waitFor(MethodChurnIT::registered)) {
            failures.add("cycle " + c + ": example.rosenbrock not registered 10 s after the copy");
            return;
        }
        track(bundles, loaders);
        if (c % 10 == 0) {
            Output run = Polling.justRegistered(() -> runtime.cli("run", "example.rosenbrock", "steps=100", "--json",
                    "--out", cwd.resolve("run-" + c).toString()), "unknown method");
            if (run.exit() != 0) failures.add("cycle " + c + ": example.rosenbrock exited " + run.exit() + ": " + run.err());
        }
        Files.delete(jar);
        if (!Polling.waitFor(() -> !registered() && bundle() == null)) failures.add("cycle " + c + ": the bundle is still there 10 s after the delete");
    }

    /** Weak references to the deployed bundle and its class loader; no strong reference outlives this call. */
    private static void track(List<WeakReference<Bundle>> bundles, List<WeakReference<ClassLoader>> loaders) {
        Bundle b = bundle();
        if (b == null) return;
        bundles.add(new WeakReference<>(b));
        BundleWiring wiring = b.adapt(BundleWiring.class);
        if (wiring != null) loaders.add(new WeakReference<>(wiring.getClassLoader()));
    }

    private static boolean registered() {
        try {
            return runtime.context().getAllServiceReferences(METHOD, ID_FILTER) != null;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Bundle bundle() {
        for (Bundle b : runtime.context().getBundles()) if (BSN.equals(b.getSymbolicName())) return b;
        return null;
    }

    private static <T> int alive(List<WeakReference<T>> refs) {
        int n = 0;
        for (WeakReference<T> w : refs) if (w.get() != null) n++;
        return n;
    }
}
