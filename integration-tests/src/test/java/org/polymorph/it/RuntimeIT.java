package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.InProcessRuntime.Output;

/**
 * The runtime started in this JVM by the launcher's public API at the headless start level, driven
 * through Gogo's CommandProcessor (the polymorph commands) and the CLI service; hot deploy of the
 * example bundle through FileInstall's {@code deploy/} folder, without a restart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuntimeIT {
    private static final long HOT_DEPLOY_LIMIT_MS = 3000;
    private static final String EXAMPLE_ID = "example.rosenbrock";
    private static final String EXAMPLE_BSN = "org.polymorph.example.custommethod";

    private static Path home;
    private static Path cwd;
    private static InProcessRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path scratch = DistributionHome.scratch("runtime");
        home = DistributionHome.copy(scratch);
        cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        long t0 = System.nanoTime();
        runtime = InProcessRuntime.start(home, cwd);
        System.out.printf(Locale.ROOT, "[RuntimeIT] framework started in-process in %.1f s%n", (System.nanoTime() - t0) * 1e-9);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        DistributionHome.dropCaches(home);
    }

    @Test
    void everyBundleUpToTheHeadlessLevelIsActive() throws Exception {
        int level = 6;
        List<String> problems = new ArrayList<>();
        int active = 0;
        for (Bundle b : runtime.context().getBundles()) {
            if (b.getBundleId() == 0 || b.getHeaders("").get("Fragment-Host") != null) continue;
            int bundleLevel = b.adapt(BundleStartLevel.class).getStartLevel();
            if (bundleLevel <= level && b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " (level " + bundleLevel + ", state " + b.getState() + ")");
            } else if (b.getState() == Bundle.ACTIVE) {
                active++;
            }
        }
        assertTrue(problems.isEmpty(), "bundles not active: " + problems);
        for (String bsn : List.of("org.polymorph.core", "org.polymorph.gpu", "org.polymorph.shell",
                "org.apache.felix.fileinstall", "org.apache.felix.scr", "org.apache.felix.gogo.runtime")) {
            assertTrue(bundle(bsn) != null && bundle(bsn).getState() == Bundle.ACTIVE, bsn + " is not active");
        }
        Output lb = runtime.gogo("lb");
        assertNull(lb.error(), lb.all());
        assertTrue(lb.out().contains("Polymorph"), lb.all());
        System.out.println("[RuntimeIT] " + active + " bundles active at start level " + level);
    }

    private static Bundle bundle(String bsn) {
        for (Bundle b : runtime.context().getBundles()) if (bsn.equals(b.getSymbolicName())) return b;
        return null;
    }

    @Test
    void shellMethodsDescribeBackend() throws Exception {
        Output methods = runtime.gogo("methods");
        assertNull(methods.error(), methods.all());
        assertTrue(methods.out().contains("tensor.info") && methods.out().contains("bench.matmul"), methods.all());

        Output describe = runtime.gogo("describe bench.matmul");
        assertNull(describe.error(), describe.all());
        assertTrue(describe.out().matches("(?s).*\\n\\s+repeats\\s+integer\\s+\\d+\\s.*\\[\\d+, \\d+\\].*"), describe.all());

        Output unknown = runtime.gogo("describe tensor.infoo");
        assertNull(unknown.error(), "a readable message, not an exception: " + unknown.all());
        assertTrue(unknown.err().startsWith("error: unknown method 'tensor.infoo' (did you mean tensor.info"), unknown.all());

        Output backend = runtime.gogo("backend");
        assertNull(backend.error(), backend.all());
        assertTrue(backend.out().startsWith("active TensorService: nd4j-cpu"), backend.all());
    }

    @Test
    void shellRunPrintsSummaryAndRunDirectory() throws Exception {
        Output run = runtime.gogo("polymorph:run tensor.info");
        assertNull(run.error(), run.all());
        assertTrue(run.out().contains("tensor.info finished in"), run.all());
        String marker = "run directory: ";
        String dir = run.out().lines().filter(l -> l.startsWith(marker)).findFirst()
                .orElseThrow(() -> new AssertionError(run.all())).substring(marker.length());
        assertTrue(Path.of(dir).startsWith(cwd.resolve("runs")), dir);
        Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(Path.of(dir, "result.json")));
        assertEquals("ok", doc.get("status"));

        Output bad = runtime.gogo("run bench.matmul repeats=many");
        assertNull(bad.error(), bad.all());
        assertTrue(bad.err().startsWith("error: parameter 'repeats' = 'many': not an integer"), bad.all());
    }

    @Test
    void hotDeployAndUndeployOfTheExampleBundle() throws Exception {
        Path deploy = home.resolve("deploy");
        Path jar = deploy.resolve("custom-method-example.jar");
        assertFalse(listed(), EXAMPLE_ID + " listed before deployment");

        // copy next to deploy/ first, then rename: FileInstall never sees a half-written jar
        Path staged = Files.copy(DistributionHome.exampleJar(), home.resolve("custom-method-example.jar.part"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
        long deployMs = waitFor(RuntimeIT::listedQuietly, true);
        System.out.printf(Locale.ROOT, "[RuntimeIT] hot deploy: %s listed by 'methods' %d ms after the copy%n", EXAMPLE_ID, deployMs);
        assertTrue(deployMs <= HOT_DEPLOY_LIMIT_MS, "deploy took " + deployMs + " ms");

        Output run = runtime.gogo("run " + EXAMPLE_ID + " steps=5000 lr=0.001");
        assertNull(run.error(), run.all());
        assertTrue(run.out().contains("f: 24.2000 -> "), run.all());   // 2-D start (-1.2, 1): f = 19.36 + 4.84

        Output diverged = runtime.cli("run", EXAMPLE_ID, "lr=0.05", "--json");
        assertEquals(1, diverged.exit(), diverged.all());
        assertEquals("failed", ((Map<?, ?>) Json.parse(diverged.out())).get("status"));
        assertTrue(diverged.err().contains("error: method '" + EXAMPLE_ID + "' failed: gradient descent diverged"),
                diverged.all());
        Output badDim = runtime.cli("run", EXAMPLE_ID, "dim=1");
        assertEquals(2, badDim.exit(), badDim.all());
        assertTrue(badDim.err().contains("'dim' = '1': out of range [2, 10000]"), badDim.all());

        Files.delete(jar);
        long undeployMs = waitFor(RuntimeIT::listedQuietly, false);
        System.out.printf(Locale.ROOT, "[RuntimeIT] hot undeploy: %s gone from 'methods' %d ms after the delete%n", EXAMPLE_ID, undeployMs);
        assertTrue(undeployMs <= HOT_DEPLOY_LIMIT_MS, "undeploy took " + undeployMs + " ms");
        waitFor(x -> bundle(EXAMPLE_BSN) != null, false);
        assertNull(bundle(EXAMPLE_BSN), "example bundle still installed");
        Files.writeString(home.getParent().resolve("hot-deploy-latency.txt"), String.format(Locale.ROOT,
                "deploy_ms=%d%nundeploy_ms=%d%n", deployMs, undeployMs));
    }

    private static boolean listed() throws Exception {
        Output methods = runtime.gogo("methods");
        assertNull(methods.error(), methods.all());
        return methods.out().contains(EXAMPLE_ID);
    }

    private static boolean listedQuietly(Object unused) {
        try {
            return listed();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls every 20 ms (for up to 10 s) until {@code condition} equals {@code wanted}; returns the elapsed ms. */
    private static long waitFor(Predicate<Object> condition, boolean wanted) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
        while (condition.test(null) != wanted) {
            if (System.nanoTime() > deadline) break;
            Thread.sleep(20);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
