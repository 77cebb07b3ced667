package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * example bundle through FileInstall's {@code deploy/} folder, without a restart; list values that must
 * survive Gogo's parser unquoted; tables within the width.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RuntimeIT {
    private static final long HOT_DEPLOY_LIMIT_MS = 3000;
    private static final String EXAMPLE_ID = "example.rosenbrock";
    private static final String EXAMPLE_BSN = "org.polymorph.example.custommethod";

    /** md.phonons of argon fcc (primitive cell, one atom) with LJ: a 27-atom supercell, seconds per run. */
    private static final String PHONONS = "md.phonons lattice=fcc a=5.26 element=Ar potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=6"
            + " supercell=3,3,3 path=none";

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

    @SuppressWarnings("unchecked")
    private static List<List<Number>> qpoints(Map<?, ?> doc) {
        return (List<List<Number>>) ((Map<?, ?>) doc.get("result")).get("qpoints");
    }

    private static Map<?, ?> resultJson(Output run) throws Exception {
        String marker = "run directory: ";
        String dir = run.out().lines().filter(l -> l.startsWith(marker)).findFirst()
                .orElseThrow(() -> new AssertionError(run.all())).substring(marker.length());
        return (Map<?, ?>) Json.parse(Files.readString(Path.of(dir, "result.json")));
    }

    /**
     * md.phonons with two q-points written {@code qpoints=0,0,0/0.5,0,0.5} gets both through Gogo's parser,
     * while an unquoted ';' is split by Gogo (why list items are separated by '/').
     */
    @Test
    void twoQpointsSurviveGogoUnquoted() throws Exception {
        Output run = runtime.gogo("run " + PHONONS + " qpoints=0,0,0/0.5,0,0.5");
        assertNull(run.error(), run.all());
        List<List<Number>> q = qpoints(resultJson(run));
        assertEquals(2, q.size(), run.all());
        assertEquals(0.5, q.get(1).get(0).doubleValue());

        Output split = runtime.gogo("run " + PHONONS + " qpoints=0,0,0;0.5,0,0.5");
        assertNotNull(split.error(), "Gogo ends the command at ';' and runs '0.5,0,0.5' as a command: " + split.all());
        assertEquals(1, qpoints(resultJson(split)).size(), split.all());

        Output bad = runtime.gogo("run " + PHONONS + " qpoints=0,0,0/");
        assertTrue(bad.err().startsWith("error: parameter 'qpoints' = '0,0,0/': empty item after the last separator"), bad.all());
    }

    /** The same two q-points through the headless CLI; trailing garbage exits 2 naming the parameter. */
    @Test
    void twoQpointsThroughTheHeadlessCli() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(List.of(PHONONS.split(" ")));
        args.addAll(List.of("qpoints=0,0,0/0.5,0,0.5", "--json"));
        Output run = runtime.cli(args.toArray(new String[0]));
        assertEquals(0, run.exit(), run.all());
        List<List<Number>> q = qpoints((Map<?, ?>) Json.parse(run.out()));
        assertEquals(List.of(0.5, 0.0, 0.5), q.get(1).stream().map(Number::doubleValue).toList());
        assertEquals(2, q.size());

        args.set(args.size() - 2, "qpoints=0,0,0,");
        Output bad = runtime.cli(args.toArray(new String[0]));
        assertEquals(2, bad.exit(), bad.all());
        assertTrue(bad.err().contains("error: parameter 'qpoints' = '0,0,0,': empty element after the last separator"), bad.all());
    }

    /** methods and describe stay within 100 columns when the width is unknown; describe shows the list syntax. */
    @Test
    void tablesFitOneHundredColumnsWhenTheWidthIsUnknown() throws Exception {
        for (String command : List.of("methods", "describe md.phonons", "describe md.run")) {
            Output out = runtime.gogo(command);
            assertNull(out.error(), out.all());
            for (String line : out.out().split("\n")) assertTrue(line.length() <= 100, command + ": " + line.length() + " chars: " + line);
        }
        Output describe = runtime.gogo("describe md.phonons");
        assertTrue(describe.out().contains("3-number"), "the type of qpoints: " + describe.all());
        assertTrue(describe.out().contains("0,0,0/0.5,0,0.5"), "describe shows the syntax: " + describe.all());
    }
}
