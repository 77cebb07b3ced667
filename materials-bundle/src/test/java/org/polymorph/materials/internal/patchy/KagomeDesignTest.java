package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.TestServices;
import org.polymorph.materials.patchy.Configuration;

class KagomeDesignTest {
    private static double psi(List<double[]> sites, double lx, double ly) {
        double[][] q = new double[sites.size()][];
        for (int i = 0; i < q.length; i++) q[i] = new double[] {sites.get(i)[0], sites.get(i)[1], 0};
        double[] m = HexaticOrder.mean(Configuration.planar(new int[q.length], q, new double[] {lx, ly}));
        return Math.hypot(m[0], m[1]);
    }

    @Test
    void psi6IsOneOnTriangularAndKagomeLatticesAndZeroOnASquareOne() {
        List<double[]> tri = new ArrayList<>(), kag = new ArrayList<>(), sq = new ArrayList<>();
        double h = Math.sqrt(3) / 2;
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) tri.add(new double[] {i + 0.5 * (j % 2), j * h});
        // kagome of bond length 1: cell (2, 2√3) holds two three-site triangles, the second shifted by (1, √3)
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (double[] s : new double[][] {{0, 0}, {1, 0}, {0.5, h}, {1, 2 * h}, {2, 2 * h}, {1.5, 3 * h}}) {
                    kag.add(new double[] {2 * i + s[0], 4 * h * j + s[1]});
                }
            }
        }
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) sq.add(new double[] {i, j});
        assertEquals(1, psi(tri, 6, 6 * h), 1e-5, "triangular");
        assertEquals(1, psi(kag, 6, 12 * h), 1e-5, "kagome");
        assertEquals(0, psi(sq, 6, 6), 1e-6, "square");
    }

    @Test
    void energySlopeInThetaEqualsCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] q = new double[9][];
        for (int i = 0; i < 9; i++) q[i] = new double[] {1.05 * (i % 3) + 0.1 * rng.nextDouble(), 1.05 * (i / 3) + 0.1 * rng.nextDouble(),
            2 * Math.PI * rng.nextDouble()};
        Configuration c = Configuration.planar(new int[9], q, new double[] {6, 6});
        double theta = Math.toRadians(35), h = 1e-6;
        double analytic = KagomeDesign.turn(KagomeDesign.slopes(theta).of(c), theta);
        double fd = (KagomeDesign.slopes(theta + h).of(c).energy() - KagomeDesign.slopes(theta - h).of(c).energy()) / (2 * h);
        assertTrue(Math.abs(analytic) > 1e-3, "patches interact: " + analytic);
        assertEquals(fd, analytic, 1e-7 * Math.max(1, Math.abs(fd)));
    }

    private final DesignMethod method = new DesignMethod(() -> new AutodiffEngines().create(new ReferenceTensorService()),
            TestServices.OPTIMIZERS);

    private Result run(Path dir, String... kv) throws Exception {
        Map<String, String> raw = new HashMap<>(Map.of("target", "kagome", "side", "2", "md_steps", "200", "sample_every", "10", "blocks", "2",
                "steps", "2", "lr", "0.1"));
        for (int i = 0; i < kv.length; i += 2) raw.put(kv[i], kv[i + 1]);
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aShortDesignRunGivesWholeFiniteOutput(@TempDir Path dir) throws Exception {
        Result r = run(dir);
        Map<String, Object> v = r.values();
        for (String k : List.of("loss_before", "loss_after", "psi6_before", "psi6_after", "theta_after")) {
            assertTrue(Double.isFinite((Double) v.get(k)), k + " = " + v.get(k));
        }
        assertEquals(30.0, (Double) v.get("theta_before"), 1e-12);
        double after = (Double) v.get("theta_after");
        assertTrue(after >= 5 && after <= 85 && after != 30.0, "θ moved and stayed in its bounds: " + after);
        Map<String, Map<String, Object>> searches = (Map<String, Map<String, Object>>) v.get("searches");
        assertEquals(4, searches.get("gradient").get("md_runs"), "three outer runs and the check from the lattice");
        assertEquals(3, searches.get("random").get("md_runs"));
        assertEquals(3, searches.get("grid").get("md_runs"));
        for (String s : List.of("gradient", "random", "grid")) {
            List<String> rows = Files.readAllLines(dir.resolve("kagome_" + s + ".csv"));
            assertEquals("run,theta_deg,loss,psi6,dloss_dtheta_per_rad,dloss_error,best_loss", rows.get(0));
            assertEquals(4, rows.size(), s);
            for (String row : rows.subList(1, rows.size())) {
                for (String x : row.split(",")) assertTrue(Double.isFinite(Double.parseDouble(x)), s + ": " + row);
            }
        }
        for (int k = 0; k <= 2; k++) {
            String name = String.format("step_%03d", k);
            assertEquals(6, Files.readAllLines(dir.resolve(name + ".extxyz")).size(), "count, comment and 4 bodies: " + name);
            assertEquals((byte) 0x89, Files.readAllBytes(dir.resolve(name + ".png"))[0]);
        }
        assertEquals((byte) 0x89, Files.readAllBytes(dir.resolve("loss_vs_run.png"))[0]);
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) {
        BadInputException a = assertThrows(BadInputException.class, () -> run(dir.resolve("a"), "theta", "88"));
        assertTrue(a.getMessage().contains("theta"), a.getMessage());
        BadInputException b = assertThrows(BadInputException.class, () -> run(dir.resolve("b"), "theta_min", "50", "theta_max", "40", "theta", "45"));
        assertTrue(b.getMessage().contains("theta_min"), b.getMessage());
        BadInputException c = assertThrows(BadInputException.class, () -> run(dir.resolve("c"), "md_steps", "30"));
        assertTrue(c.getMessage().contains("md_steps"), c.getMessage());
    }
}
