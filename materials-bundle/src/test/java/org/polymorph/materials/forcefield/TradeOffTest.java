package org.polymorph.materials.forcefield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.forcefield.FitMethod;
import org.polymorph.materials.internal.forcefield.Fitting;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.potential.FittableStyle;

/**
 * Demonstration (e), as ff.fit's {@code sweep=}: SW fitted to relaxed-ion C11/C12/C44 (165.7/63.9/79.6 GPa),
 * zero pressure at 5.431 Å (weight 0.01) and the Si neutron phonon frequencies of {@link PhononFitTest},
 * at elastic:phonon weights 1:0, 1:1, 1:3, 0:1 (free ε, λ, γ, B; 15 L-BFGS steps each). More phonon
 * weight must give a lower phonon RMS and a larger elastic error (monotone, up to 1e-3 relative slack for
 * an unconverged fit); the table and chart the Method wrote are copied to target/ff-tradeoff.csv and .png. Measured: elastic
 * RMS relative error 4.8 / 10.7 / 20.7 / 40.1 %, phonon RMS 2.42 / 1.83 / 1.20 / 0.77 THz (max |C error|
 * 6.1 / 17.9 / 32.0 / 59.0 %). With costheta0 free as well the elastic-only fit reaches the constants exactly
 * (SiliconFitTest); this sweep keeps the angular zero fixed to show a trade-off.
 */
class TradeOffTest {
    static final String SWEEP = "elastic:1,phonons:0;elastic:1,phonons:1;elastic:1,phonons:3;elastic:0,phonons:1";
    private final FitMethod method = new FitMethod(new AutodiffEngines().create(new ReferenceTensorService()), org.polymorph.materials.TestServices.OPTIMIZERS, FixedCatalog.builtin());

    static String targetsJson(Target.PhononFrequencies ph) {
        StringBuilder pts = new StringBuilder();
        for (int k = 0; k < ph.q().length; k++) {
            StringBuilder bands = new StringBuilder();
            for (int[] g : ph.bands()[k]) bands.append(bands.length() == 0 ? "" : ",").append(java.util.Arrays.toString(g));
            pts.append(k == 0 ? "" : ",").append("{\"q\": ").append(java.util.Arrays.toString(ph.q()[k])).append(", \"bands\": [").append(bands)
                    .append("], \"thz\": ").append(java.util.Arrays.toString(ph.thz()[k])).append('}');
        }
        return "{\"targets\": [{\"property\": \"elastic\", \"C11\": 165.7, \"C12\": 63.9, \"C44\": 79.6},"
                + " {\"property\": \"phonons\", \"supercell\": " + ph.supercell() + ", \"points\": [" + pts + "]},"
                + " {\"property\": \"pressure\", \"weight\": 0.01}]}";
    }

    private Result run(Path dir, Path targets, Map<String, String> extra) throws Exception {
        Map<String, String> raw = new LinkedHashMap<>(Map.of("style", "sw", "potential_file", Oracles.potentialFile("Si.sw").toString(),
                "free", System.getProperty("ff.free", "epsilon,lambda,gamma,B"), "targets", targets.toString(), "optimizer", "lbfgs",
                "steps", String.valueOf(Integer.getInteger("ff.steps", 15)), "sweep", SWEEP));
        raw.putAll(extra);
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    @SuppressWarnings("unchecked")
    @Test
    void morePhononWeightLowersThePhononErrorAndRaisesTheElasticError(@TempDir Path tmp) throws Exception {
        Target.PhononFrequencies ph = GradientCheckTest.siPhonons(2);
        Path json = tmp.resolve("targets.json");
        Files.writeString(json, targetsJson(ph));
        Path dir = tmp.resolve("sweep");
        Result r = run(dir, json, Map.of());
        String csv = Files.readString(dir.resolve("tradeoff.csv"));
        Path out = Path.of("target", "ff-tradeoff.csv");
        Files.createDirectories(out.getParent());
        Files.copy(dir.resolve("tradeoff.csv"), out, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("tradeoff.png"), out.resolveSibling("ff-tradeoff.png"), StandardCopyOption.REPLACE_EXISTING);
        System.out.print(csv);
        r.summary().forEach(System.out::println);
        assertEquals(5, csv.split("\n").length, "header + 4 weightings");
        assertTrue(csv.startsWith("weighting,w_elastic,w_phonons,w_pressure,elastic_C11_GPa_err_pct,"), csv.lines().findFirst().orElse(""));
        assertNotNull(ImageIO.read(dir.resolve("tradeoff.png").toFile()), "tradeoff.png");
        List<Map<String, Object>> table = (List<Map<String, Object>>) r.values().get("sweep");
        assertEquals(4, table.size());
        double[] el = new double[4];
        double[] rms = new double[4];
        for (int w = 0; w < 4; w++) {
            List<Map<String, Object>> t = (List<Map<String, Object>>) table.get(w).get("targets");
            el[w] = ((Number) t.get(0).get("rms_relative_error_pct")).doubleValue();
            rms[w] = ((Number) t.get(1).get("rms_error")).doubleValue();
            assertEquals(PhononFitTest.rms(doubles(t.get(1).get("model")), ph.values()), rms[w], 1e-12, "phonon RMS (THz)");
        }
        for (int w = 1; w < 4; w++) {
            assertTrue(rms[w] <= rms[w - 1] * (1 + 1e-3), "phonon RMS not monotone:\n" + csv);
            assertTrue(el[w] >= el[w - 1] * (1 - 1e-3), "elastic error not monotone:\n" + csv);
        }
        assertTrue(rms[3] < rms[0] && el[3] > el[0], "a real trade-off:\n" + csv);
        // the table's values are those of the written file: a 0-step fit from fitted_2.sw gives them again
        Path f2 = dir.resolve("fitted_2.sw");
        Map<String, Object> p2 = (Map<String, Object>) table.get(1).get("free_parameters");
        double[] v = fittable("sw").read(f2, "Si");
        for (var e : p2.entrySet()) assertEquals(((Number) e.getValue()).doubleValue(), v[fittable("sw").index(e.getKey())], 0.0, e.getKey());
        FitResult check = Fitting.run(new AutodiffEngines().create(new ReferenceTensorService()), FixedCatalog.builtin(), org.polymorph.materials.TestServices.OPTIMIZERS, new Fit("sw", f2, "Si", List.of("B"), Map.of(),
                List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1), ph), "lbfgs", 0, 0.01, 0), (s, l, p) -> { });
        List<Map<String, Object>> t2 = (List<Map<String, Object>>) table.get(1).get("targets");
        assertArrayEquals(check.reports().get(0).before(), doubles(t2.get(0).get("model")), 1e-9, "elastic constants of fitted_2.sw");
        assertArrayEquals(check.reports().get(1).before(), doubles(t2.get(1).get("model")), 1e-9, "phonons of fitted_2.sw");
        // resume: every weighting is done, so nothing is refitted and the table is the same
        Result again = run(dir, json, Map.of("resume", "true"));
        assertEquals(4, again.values().get("resumed_from_weighting"));
        assertEquals(r.values().get("sweep"), again.values().get("sweep"));
    }

    @Test
    void badSweepsNameTheProblem(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("t.json");
        Files.writeString(json, "{\"targets\": [{\"property\": \"elastic\", \"C11\": 165.7, \"C12\": 63.9, \"C44\": 79.6}, {\"property\": \"pressure\", \"weight\": 0.01}]}");
        for (String[] c : new String[][] {{"elastic:1;phonons:1", "'phonons' is not a target"}, {"elastic:-1", "weight -1.0"},
                {"elastic:0,pressure:0", "leaves no target"}, {"elastic=1", "not kind:weight"}, {"elastic:1,elastic:2", "given twice"}, {"elastic:x", "not a number"}}) {
            BadInputException e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), json, Map.of("sweep", c[0], "steps", "1")), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Object list) { return ((List<Number>) list).stream().mapToDouble(Number::doubleValue).toArray(); }

    private static FittableStyle fittable(String style) {
        return FixedCatalog.builtin().provider(style).fittable().orElseThrow();
    }
}
