package org.polymorph.materials.forcefield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
import org.polymorph.materials.TestServices;
import org.polymorph.materials.internal.forcefield.FitMethod;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.potential.FittableStyle;

class FitMethodTest {
    private final FitMethod method = new FitMethod(new AutodiffEngines().create(new ReferenceTensorService()), TestServices.OPTIMIZERS, FixedCatalog.builtin());

    private Result run(Path dir, Map<String, String> extra) throws Exception {
        Map<String, String> raw = new HashMap<>(Map.of("style", "sw", "potential_file", Oracles.potentialFile("Si.sw").toString(),
                "free", "lambda,A", "bounds", "lambda:15:21.5", "optimizer", "adam", "lr", "0.01",
                "targets", "C11=165.7,C12=63.9,C44=79.6,P=0.01", "steps", "4", "checkpoint_every", "2"));
        raw.putAll(extra);
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    @SuppressWarnings("unchecked")
    @Test
    void adamWithBoundsWritesItsFilesAndResumesExactly(@TempDir Path tmp) throws Exception {
        Result whole = run(tmp.resolve("whole"), Map.of());
        Map<String, Object> fin = (Map<String, Object>) whole.values().get("final_parameters");
        assertEquals(21.5, ((Number) fin.get("lambda")).doubleValue(), 1e-12, "lambda wants 31.5: held at its upper bound");
        assertTrue((double) whole.values().get("loss_final") < (double) whole.values().get("loss_start"), "the loss decreases");
        for (String f : List.of("fitted.sw", "loss.csv", "loss.png", "elastic.png", FitMethod.CHECKPOINT)) assertTrue(Files.isRegularFile(tmp.resolve("whole").resolve(f)), f);
        for (String png : List.of("loss.png", "elastic.png")) {
            BufferedImage img = ImageIO.read(tmp.resolve("whole").resolve(png).toFile());
            assertNotNull(img, png);
            assertTrue(img.getWidth() >= 600, png);
        }
        assertEquals(6, Files.readAllLines(tmp.resolve("whole").resolve("loss.csv")).size(), "header + 4 steps + final");
        assertArrayEquals(fittable("sw").read(tmp.resolve("whole").resolve("fitted.sw"), "Si"),
                ((Map<String, Object>) whole.values().get("final_parameters")).values().stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(), 0.0);
        assertEquals("diamond", whole.values().get("lowest_energy_phase"));
        List<Object> targets = (List<Object>) whole.values().get("targets");
        assertEquals(2, targets.size(), "elastic and zero-pressure targets from the inline default");

        Path split = tmp.resolve("split");
        run(split, Map.of("steps", "2"));
        Result resumed = run(split, Map.of("resume", "true"));
        assertEquals(2, resumed.values().get("resumed_from"));
        assertEquals(whole.values().get("final_parameters"), resumed.values().get("final_parameters"), "Adam resumed from its checkpoint repeats the run");
        assertEquals(whole.values().get("loss_final"), resumed.values().get("loss_final"));

        BadInputException e = assertThrows(BadInputException.class, () -> run(split, Map.of("resume", "true", "free", "lambda")));
        assertTrue(e.getMessage().contains("'free' = 'lambda'") && e.getMessage().contains("had free = lambda,A"), e.getMessage());
    }

    /**
     * optimizer= names lbfgs or any registered optimizer provider (describe lists them): RMSProp keeps lambda at its upper bound by
     * projection and resumes from its checkpoint (its state under optimizer_state) to the uninterrupted run; an unknown name exits 2.
     */
    @SuppressWarnings("unchecked")
    @Test
    void anyRegisteredOptimizerIsProjectedOntoTheBoundsAndResumesExactly(@TempDir Path tmp) throws Exception {
        List<String> choices = method.params().stream().filter(s -> s.name().equals("optimizer")).findFirst().orElseThrow().choices();
        assertEquals(List.of("lbfgs", "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"), choices);
        Map<String, String> rms = Map.of("optimizer", "rmsprop", "lr", "0.005");
        Result whole = run(tmp.resolve("whole"), rms);
        Map<String, Object> fin = (Map<String, Object>) whole.values().get("final_parameters");
        assertEquals(21.5, ((Number) fin.get("lambda")).doubleValue(), 1e-12, "lambda wants 31.5: held at its upper bound");
        assertTrue((double) whole.values().get("loss_final") < (double) whole.values().get("loss_start"), "the loss decreases");
        Path split = tmp.resolve("split");
        Map<String, String> early = new HashMap<>(rms);
        early.put("steps", "2");
        run(split, early);
        Map<String, String> resume = new HashMap<>(rms);
        resume.put("resume", "true");
        Result resumed = run(split, resume);
        assertEquals(2, resumed.values().get("resumed_from"));
        assertEquals(whole.values().get("final_parameters"), resumed.values().get("final_parameters"), "RMSProp resumed from its checkpoint repeats the run");
        assertEquals(whole.values().get("loss_final"), resumed.values().get("loss_final"));
        BadInputException e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), Map.of("optimizer", "lion")));
        assertTrue(e.getMessage().contains("lion") && e.getMessage().contains("lbfgs") && e.getMessage().contains("adam"), e.getMessage());
    }

    @Test
    void targetsFromJsonAndBadInputNamesTheProblem(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("targets.json");
        Files.writeString(json, "{\"targets\": [{\"property\": \"elastic\", \"C11\": 165.7, \"C12\": 63.9, \"C44\": 79.6, \"a\": 5.431},"
                + " {\"property\": \"pressure\", \"weight\": 0.01}, {\"property\": \"cohesive\", \"energy\": -4.63, \"weight\": 0.1}]}");
        Result r = run(tmp.resolve("json"), Map.of("targets", json.toString(), "optimizer", "lbfgs", "steps", "3", "bounds", ""));
        assertEquals(3, ((List<?>) r.values().get("targets")).size());
        BadInputException bad = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), Map.of("free", "lambda,nonsense")));
        assertTrue(bad.getMessage().contains("nonsense"), bad.getMessage());
        BadInputException bounds = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad2"), Map.of("bounds", "lambda:15")));
        assertTrue(bounds.getMessage().contains("name:lo:hi"), bounds.getMessage());
    }

    @Test
    void phononTargetsWriteTheDispersionOverlay(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("phonons.json");
        Files.writeString(json, "{\"targets\": [{\"property\": \"phonons\", \"supercell\": 2, \"points\": ["
                + "{\"q\": [0,0,0], \"bands\": [[3,4,5]], \"thz\": [15.53]},"
                + "{\"q\": [1,0,0], \"bands\": [[0,1],[2,3],[4,5]], \"thz\": [4.49,12.32,13.90]},"
                + "{\"q\": [0.5,0.5,0.5], \"bands\": [[0,1],[2],[3],[4,5]], \"thz\": [3.43,11.35,12.60,14.68]}]},"
                + " {\"property\": \"pressure\", \"weight\": 0.01}]}");
        Result r = run(tmp.resolve("ph"), Map.of("targets", json.toString(), "free", "epsilon,lambda", "bounds", "", "optimizer", "lbfgs", "steps", "2"));
        assertTrue(((List<?>) r.values().get("files")).contains("phonons.png"));
        BufferedImage img = ImageIO.read(tmp.resolve("ph").resolve("phonons.png").toFile());
        assertNotNull(img);
        int blue = 0;
        int orange = 0;
        int black = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y) & 0xFFFFFF;
                if (c == 0x1F77B4) blue++;
                if (c == 0xFF7F0E) orange++;
                if (c == 0) black++;
            }
        }
        assertTrue(blue > 200 && orange > 200 && black > 200, "start (blue) and fitted (orange) bands and black target dots drawn: " + blue + ", " + orange + ", " + black);
        Files.createDirectories(Path.of("target"));
        Files.copy(tmp.resolve("ph").resolve("phonons.png"), Path.of("target", "ff-phonons.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static FittableStyle fittable(String style) {
        return FixedCatalog.builtin().provider(style).fittable().orElseThrow();
    }
}
