package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class ShareGradientTest {
    private final SimulateMethod method = new SimulateMethod(() -> new AutodiffEngines().create(new ReferenceTensorService()));

    private Result run(Path dir, String... kv) throws Exception {
        Map<String, String> raw = new HashMap<>();
        String[] common = {"bodies", "16", "concentration", "0.1", "dt", "0.005", "thermostat", "langevin", "sample_every", "20",
            "equilibration", "0.1", "blocks", "10", "steps", STEPS};
        for (int i = 0; i < common.length; i += 2) raw.put(common[i], common[i + 1]);
        for (int i = 0; i < kv.length; i += 2) raw.put(kv[i], kv[i + 1]);
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    private static final String STEPS = "200000";

    @SuppressWarnings("unchecked")
    private static double[] share(Result r) {
        Map<String, Object> md = (Map<String, Object>) r.values().get("md");
        return new double[] {(Double) md.get("share_mean"), (Double) md.get("share_error")};
    }

    /**
     * 16 one-patch discs at number density 0.1, Langevin, 2·10⁵ steps per run: the reweighting gradient d⟨share⟩/dε at
     * ε = 6 kT against the central difference of the MD shares at ε = 5 and 7, within three combined standard errors
     * (block errors of the three runs; measured 0.0516 ± 0.0084 against 0.0595 ± 0.0090), and resolved (the gradient is
     * over three of its errors from zero).
     */
    @Test
    @SuppressWarnings("unchecked")
    void reweightingGradientOfTheDimerShareMatchesTheFiniteDifferenceOfMdShares(@TempDir Path dir) throws Exception {
        Result mid = run(dir.resolve("mid"), "depth", "6", "gradient", "true");
        double[] up = share(run(dir.resolve("up"), "depth", "7")), down = share(run(dir.resolve("down"), "depth", "5"));
        Map<String, Object> g = (Map<String, Object>) ((Map<String, Object>) mid.values().get("reweighting_gradient")).get("depth");
        double grad = (Double) g.get("d_share"), error = (Double) g.get("error");
        double fd = (up[0] - down[0]) / 2, fdError = Math.hypot(up[1], down[1]) / 2;
        System.out.printf("reweighting %.5f ± %.5f, central difference %.5f ± %.5f (shares %.4f ± %.4f, %.4f ± %.4f, mid %s)%n", grad, error,
                fd, fdError, down[0], down[1], up[0], up[1], java.util.Arrays.toString(share(mid)));
        assertTrue(grad > 3 * error, "the gradient is resolved: " + grad + " ± " + error);
        assertTrue(Math.abs(grad - fd) < 3 * Math.hypot(error, fdError), "reweighting " + grad + " ± " + error + " vs central difference "
                + fd + " ± " + fdError);
        List<String> csv = Files.readAllLines(dir.resolve("mid").resolve("gradients.csv"));
        assertEquals("parameter,value,d_share,error", csv.get(0));
        assertEquals(List.of("depth", "range", "core_eps", "patch_radius"), csv.subList(1, csv.size()).stream().map(l -> l.split(",")[0]).toList());
    }

    @Test
    void gradientWithResumeIsNamed(@TempDir Path dir) throws Exception {
        run(dir, "steps", "200");
        BadInputException e = assertThrows(BadInputException.class, () -> run(dir, "steps", "400", "gradient", "true", "resume", "true"));
        assertTrue(e.getMessage().contains("gradient"), e.getMessage());
    }
}
