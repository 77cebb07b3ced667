package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.Polling;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.InProcessRuntime.Output;

/**
 * A pair style hot-deployed into a running runtime (default configuration: FileInstall polls deploy/ every
 * second): before the example bundle custom-potential is there, {@code potential=born:...} exits 2 naming the
 * styles present; copied into deploy/, md.evaluate with born works within 2 s and gives the energy of the
 * formula, and md.run and md.elastic run with it; deleted, the style is gone again and a run naming it exits 2.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PotentialHotDeployIT {
    static final long DEPLOY_LIMIT_MS = 2000;
    static final String BSN = "org.polymorph.example.custompotential";
    /** born for one type on fcc a = 4 Å: the 12 neighbours at a/√2 and 6 at a are inside 4.5 Å, the 24 at a√(3/2) outside. */
    static final String BORN = "born:A=0.5,rho=0.3,sigma=2.8,C=10,D=1,cutoff=4.5";

    private static Path home;
    private static Path cwd;
    private static InProcessRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path scratch = DistributionHome.scratch("potential-deploy");
        home = DistributionHome.copy(scratch);
        cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        runtime = InProcessRuntime.start(home, cwd);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        DistributionHome.dropCaches(home);
    }

    /** The example jar copied to target/it-artifacts by the build. */
    static Path potentialJar() {
        Path jar = Path.of(System.getProperty("polymorph.potential.jar", "target/it-artifacts/custom-potential-example.jar"));
        assertTrue(Files.isRegularFile(jar), "example jar missing: " + jar);
        return jar.toAbsolutePath();
    }

    /** Copies the jar beside deploy/ and renames it in, so that FileInstall never sees half a jar. */
    static Path deploy(Path home) throws Exception {
        Path jar = home.resolve("deploy").resolve("custom-potential-example.jar");
        Path staged = Files.copy(potentialJar(), home.resolve("custom-potential-example.jar.part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }

    /** Whether a PotentialProvider service with the style born is registered (getAll: no class-space check, which races with uninstalls). */
    static boolean registered(InProcessRuntime rt) {
        try {
            return rt.context().getAllServiceReferences("org.polymorph.materials.potential.PotentialProvider", "(polymorph.potential.style=born)") != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Output evaluate(InProcessRuntime rt, String potential) {
        return rt.cli("run", "md.evaluate", "lattice=fcc", "a=4", "repeat=3,3,3", "element=Ar", "potential=" + potential, "--json");
    }

    /** φ(r) = A e^((σ − r)/ρ) − C/r⁶ + D/r⁸ of {@link #BORN}. */
    private static double phi(double r) {
        return 0.5 * Math.exp((2.8 - r) / 0.3) - 10 / Math.pow(r, 6) + 1 / Math.pow(r, 8);
    }

    @Test
    void bornAppearsWithItsJarAndGoesWithIt() throws Exception {
        Output before = evaluate(runtime, BORN);
        assertEquals(2, before.exit(), before.all());
        assertTrue(before.err().contains("unknown pair style") && before.err().contains("lj/cut") && before.err().contains("sw"), before.all());

        assertEquals(0, evaluate(runtime, "lj/cut:epsilon=0.0104,sigma=3.4,cutoff=4.5").exit(), "md.evaluate before the deploy");   // warm
        Path jar = deploy(home);
        long t0 = System.nanoTime();
        while (!registered(runtime) && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) Thread.sleep(10);
        long registeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Output ok = Polling.justRegistered(() -> evaluate(runtime, BORN), "unknown pair style");
        long deployMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf(Locale.ROOT, "[PotentialHotDeployIT] born registered %d ms after the copy; md.evaluate with it done %d ms after the copy%n",
                registeredMs, deployMs);
        assertEquals(0, ok.exit(), ok.all());
        assertTrue(deployMs <= DEPLOY_LIMIT_MS, "deploy took " + deployMs + " ms");
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) Json.parse(ok.out())).get("result");
        int n = ((Number) result.get("natoms")).intValue();
        double expected = 0.5 * (12 * phi(4 / Math.sqrt(2)) + 6 * phi(4)) * n;
        assertEquals(expected, ((Number) result.get("energy")).doubleValue(), 1e-9 * Math.abs(expected), ok.all());

        Output describe = runtime.gogo("describe md.evaluate");
        assertNull(describe.error(), describe.all());
        assertTrue(describe.out().contains("born: A* eV, rho* Å"), describe.all());
        Output run = runtime.cli("run", "md.run", "lattice=fcc", "a=4", "repeat=3,3,3", "element=Ar", "potential=" + BORN, "steps=20", "threads=2",
                "--json", "--out", cwd.resolve("born-run").toString());
        assertEquals(0, run.exit(), run.all());
        Output elastic = runtime.cli("run", "md.elastic", "lattice=fcc", "a=4", "element=Ar", "potential=" + BORN, "relax=false", "--json",
                "--out", cwd.resolve("born-elastic").toString());
        assertEquals(0, elastic.exit(), elastic.all());
        assertTrue(((Map<?, ?>) ((Map<?, ?>) Json.parse(elastic.out())).get("result")).containsKey("C11"), elastic.all());

        Files.delete(jar);
        t0 = System.nanoTime();
        Output gone = evaluate(runtime, BORN);
        while (gone.exit() == 0 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(50);
            gone = evaluate(runtime, BORN);
        }
        System.out.printf(Locale.ROOT, "[PotentialHotDeployIT] born gone %d ms after the delete%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertEquals(2, gone.exit(), gone.all());
        assertTrue(gone.err().contains("parameter 'potential' = 'born'") && gone.err().contains("unknown pair style")
                && gone.err().contains("lj/cut") && !gone.err().contains("born,"), gone.all());
        Output after = runtime.gogo("describe md.evaluate");
        assertFalse(after.out().contains("born:"), after.all());
    }
}
