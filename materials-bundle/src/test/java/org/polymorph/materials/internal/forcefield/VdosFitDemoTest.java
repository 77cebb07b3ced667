package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/**
 * Demonstration (d) of issue 6: Stillinger–Weber Si fitted by ff.fit to the VDOS of an EDIP MD run at
 * 300 K (EDIP plays the reference), through the differentiated NVE trajectory. The quick test (always on)
 * uses 8 atoms and 60 steps and checks that three L-BFGS steps lower the loss and that the overlays are
 * written; the full demonstration ({@code mvn -o test -pl materials-bundle -Dtest=VdosFitDemoTest
 * -Dff.demo=full}) uses 64 atoms, 1 fs, 500 equilibration steps and 1 ps of NVE and asserts that the L2
 * distance between the VDOS curves is at least halved, writing target/ff-vdos-demo/ (vdos.png, vdos.csv,
 * loss.csv, fitted.sw). Measured 2026-12-02 (ReferenceTensorService, 12 L-BFGS steps, free epsilon, sigma,
 * lambda): L2 0.1124 → 0.0226 THz^−½ (ratio 0.20), epsilon 2.1683 → 2.2012 eV, sigma 2.0951 → 2.0822 Å,
 * lambda 21.0 → 27.87; 2066 s on the shared 2-core machine (load ~30; most of it the test service's O(n²)
 * DFT), and the same figures in 79 s from the CLI on the ND4J service:
 * {@code polymorph run ff.fit style=sw potential_file=Si.sw free=epsilon,sigma,lambda
 * bounds=epsilon:1.5:3.5,sigma:1.8:2.3,lambda:12:35 optimizer=lbfgs steps=12 targets=<the targets.json above>}.
 */
class VdosFitDemoTest {
    private final FitMethod method = new FitMethod(org.polymorph.materials.TestServices.ad(), org.polymorph.materials.TestServices.OPTIMIZERS, FixedCatalog.builtin());

    private Result run(Path dir, Map<String, String> extra) throws Exception {
        Map<String, String> raw = new HashMap<>(Map.of("style", "sw", "potential_file", Oracles.potentialFile("Si.sw").toString(),
                "free", "epsilon,sigma,lambda", "bounds", "epsilon:1.5:3.5,sigma:1.8:2.3,lambda:12:35", "optimizer", "lbfgs"));
        raw.putAll(extra);
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    @SuppressWarnings("unchecked")
    @Test
    void quickVdosAndRdfFitLowersTheLossAndDrawsTheOverlays(@TempDir Path tmp) throws Exception {
        String edip = Oracles.potentialFile("Si.edip").toString();
        Result r = run(tmp, Map.of("targets", "vdos=edip:" + edip + ",rdf=edip:" + edip + ",w_rdf=0.1,cells=1,equil=100,md_steps=60,P=0", "steps", "3"));
        assertTrue((double) r.values().get("loss_final") < (double) r.values().get("loss_start"), "three L-BFGS steps lower the loss: " + r.values());
        Map<String, Object> l2 = (Map<String, Object>) r.values().get("md_l2");
        assertEquals(List.of("vdos", "rdf"), List.copyOf(l2.keySet()));
        for (String kind : List.of("vdos", "rdf")) {
            Map<String, Object> m = (Map<String, Object>) l2.get(kind);
            assertTrue((double) m.get("l2_before") > 0, kind + " " + m);
            BufferedImage img = ImageIO.read(tmp.resolve(kind + ".png").toFile());
            assertNotNull(img, kind);
            Files.createDirectories(Path.of("target"));
            Files.copy(tmp.resolve(kind + ".png"), Path.of("target", "ff-quick-" + kind + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertTrue(colour(img, 0x1F77B4) > 30 && colour(img, 0xD62728) > 30 && colour(img, 0x2CA02C) > 300,
                    kind + ": start, fitted and target curves drawn");
            assertEquals(1 + (kind.equals("vdos") ? MdCurves.VDOS_POINTS : MdCurves.RDF_POINTS), Files.readAllLines(tmp.resolve(kind + ".csv")).size());
        }
        double before = (double) ((Map<String, Object>) l2.get("vdos")).get("l2_before");
        double after = (double) ((Map<String, Object>) l2.get("vdos")).get("l2_after");
        System.out.printf("quick VDOS fit (8 atoms, 60 steps, 3 L-BFGS steps): L2 %.4g -> %.4g%n", before, after);
    }

    @SuppressWarnings("unchecked")
    @Test
    @EnabledIfSystemProperty(named = "ff.demo", matches = "full")
    void swFittedToTheEdipVdosHalvesTheL2Distance() throws Exception {
        Path dir = Path.of("target", "ff-vdos-demo");
        Files.createDirectories(dir);
        Path json = dir.resolve("targets.json");
        Files.writeString(json, "{\"targets\": [{\"property\": \"vdos\", \"reference\": {\"style\": \"edip\", \"file\": \""
                + Oracles.potentialFile("Si.edip").toString().replace("\\", "/") + "\"}, \"temperature\": 300, \"cells\": 2, \"timestep_fs\": 1,"
                + " \"equilibration\": 500, \"steps\": " + Integer.getInteger("ff.demo.steps", 1000) + ", \"seed\": 1, \"width_thz\": 0.5, \"max_thz\": 20}]}");
        long t0 = System.nanoTime();
        Result r = run(dir, Map.of("targets", json.toString(), "steps", String.valueOf(Integer.getInteger("ff.demo.fit", 12))));
        Map<String, Object> v = (Map<String, Object>) ((Map<String, Object>) r.values().get("md_l2")).get("vdos");
        System.out.printf("VDOS demo: L2 %.5g -> %.5g (ratio %.3f) in %d L-BFGS steps, %.0f s; final %s%n", (double) v.get("l2_before"), (double) v.get("l2_after"),
                (double) v.get("ratio"), (int) r.values().get("steps_done"), (System.nanoTime() - t0) / 1e9, r.values().get("final_parameters"));
        assertTrue((double) v.get("ratio") <= 0.5, "the L2 distance to the EDIP VDOS is at least halved: " + v);
    }

    private static int colour(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        return n;
    }
}
