package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.TestServices;

/** patchy.design's per-step report (ascent.csv, snapshots) and its checkpoint/resume. */
class DesignSnapshotsTest {
    private final DesignMethod method = new DesignMethod(() -> new AutodiffEngines().create(new ReferenceTensorService()), TestServices.OPTIMIZERS);
    private static final List<String> FILES = List.of("history_gradient.csv", "history_random.csv", "history_grid.csv", "ascent.csv",
            "snapshot_step0000.extxyz", "snapshot_step0000.png", "snapshot_step0006.extxyz", "snapshot_step0006.png");

    private Result run(Path dir, Progress progress, String... kv) throws Exception {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) raw.put(kv[i], kv[i + 1]);
        return method.run(Params.parse(method.id(), method.params(), raw), progress, RunDirectory.create(dir));
    }

    private static String[] with(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static final String[] RING = {"target", "ring4", "lr", "0.1"};

    /** 6 steps in one go = 3 steps, then resumed to 6 (random search continued, grid redone for its budget), byte for byte. */
    @Test
    void threeStepsResumedToSixAreSixStepsToTheBit(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        Result w = run(whole, Progress.NONE, with(RING, "steps", "6"));
        Result first = run(parts, Progress.NONE, with(RING, "steps", "3"));
        assertEquals(3, first.values().get("gradient_steps"));
        Result r = run(parts, Progress.NONE, with(RING, "steps", "6", "resume", "true"));
        assertEquals(3L, ((Number) r.values().get("resumed_from")).longValue(), "continued from the checkpoint");
        assertEquals(6, r.values().get("gradient_steps"));
        for (String f : FILES) assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(parts.resolve(f)), f);
        for (String k : List.of("yield_before", "yield_after", "best_yield_all_searches")) assertEquals(w.values().get(k), r.values().get(k), k);
        assertArrayEquals((double[]) w.values().get("parameters_after"), (double[]) r.values().get("parameters_after"));
        BadInputException shorter = assertThrows(BadInputException.class, () -> run(parts, Progress.NONE, with(RING, "steps", "5", "resume", "true")));
        assertTrue(shorter.getMessage().contains("'steps'") && shorter.getMessage().contains("give steps >= 6"), shorter.getMessage());
        BadInputException changed = assertThrows(BadInputException.class, () -> run(parts, Progress.NONE, with(RING, "steps", "6", "resume", "true",
                "seed", "2")));
        assertTrue(changed.getMessage().contains("seed"), changed.getMessage());
    }

    /** A run cancelled inside the random search keeps its ascent and random samples; resumed, it ends as the uncancelled run. */
    @Test
    void cancelledInTheRandomSearchResumesToTheBit(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        String[] common = with(RING, "steps", "6", "search_evaluations", "9");
        run(whole, Progress.NONE, common);
        int[] randomSeen = {0};
        Progress cancelAfterTwo = new Progress() {
            @Override public void update(long done, long total, String message) {
                if (message.equals("random search")) randomSeen[0] = (int) done;
            }

            @Override public boolean cancelled() { return randomSeen[0] >= 2; }
        };
        CancelledException e = assertThrows(CancelledException.class, () -> run(parts, cancelAfterTwo, common));
        assertTrue(e.getMessage().contains("random search evaluation 2 of 9"), e.getMessage());
        assertTrue(!Files.exists(parts.resolve("history_random.csv")));
        run(parts, Progress.NONE, with(common, "resume", "true"));
        for (String f : FILES) assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(parts.resolve(f)), f);
    }

    @Test
    void damagedCheckpointsAreNamedBadInput(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("run");
        run(d, Progress.NONE, with(RING, "steps", "1", "compare", "false"));
        Path file = d.resolve(DesignCheckpoint.FILE);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 20));
        BadInputException truncated = assertThrows(BadInputException.class, () -> run(d, Progress.NONE, with(RING, "steps", "2", "compare", "false",
                "resume", "true")));
        assertTrue(truncated.getMessage().contains("'resume'") && truncated.getMessage().contains("checkpoint.bin"), truncated.getMessage());
        Params p = Params.parse(method.id(), method.params(), Map.of("target", "ring4", "lr", "0.1", "steps", "1", "compare", "false"));
        Checkpoint.write(RunDirectory.create(d), DesignCheckpoint.FILE, method, p, DesignCheckpoint.PAYLOAD, new byte[] {0, 0, 0, 1, 1, 0, 0, 0, 9});
        BadInputException damaged = assertThrows(BadInputException.class, () -> run(d, Progress.NONE, with(RING, "steps", "2", "compare", "false",
                "resume", "true")));
        assertTrue(damaged.getMessage().contains("'resume'") && damaged.getMessage().contains("is damaged")
                && damaged.getMessage().contains("start a new run"), damaged.getMessage());
    }

    /** Per-step yields in ascent.csv, 2D snapshots as extXYZ and to-scale PNGs at the start, every 2 steps and the end. */
    @Test
    @SuppressWarnings("unchecked")
    void ringSnapshotsAndAscentTable(@TempDir Path dir) throws Exception {
        Result r = run(dir, Progress.NONE, with(RING, "steps", "3", "compare", "false", "snapshot_every", "2"));
        List<String> ascent = Files.readAllLines(dir.resolve("ascent.csv"));
        assertEquals("step,evaluation,yield,opening_deg,eps,alpha", ascent.get(0));
        assertEquals(5, ascent.size(), "steps 0..3");
        List<String> history = Files.readAllLines(dir.resolve("history_gradient.csv"));
        for (String row : ascent.subList(1, ascent.size())) {
            String[] a = row.split(",");
            String[] h = history.get((int) Double.parseDouble(a[1])).split(",");
            assertEquals(a[2], h[1], "the step's yield is its evaluation's: " + row);
            assertEquals(a[3], h[4], "and so is its opening angle: " + row);
        }
        List<Map<String, Object>> snaps = (List<Map<String, Object>>) r.values().get("snapshots");
        List<Object> steps = snaps.stream().map(m -> m.get("step")).toList();
        assertTrue(steps.containsAll(List.of(0, 2, 3)), steps.toString());
        List<String> files = (List<String>) r.values().get("files");
        for (String f : List.of("ascent.csv", "yield_vs_step.png", "snapshot_step0000.extxyz", "snapshot_step0000.png", "snapshot_step0002.png",
                "snapshot_step0003.extxyz", "checkpoint.bin")) {
            assertTrue(files.contains(f) && Files.exists(dir.resolve(f)), f + " in " + files);
        }
        BufferedImage img = ImageIO.read(dir.resolve("snapshot_step0003.png").toFile());
        assertEquals(img.getWidth(), img.getHeight(), "a square cell gives a square picture");
        List<String> xyz = Files.readAllLines(dir.resolve("snapshot_step0003.extxyz"));
        assertEquals("4", xyz.get(0), "four bodies in the square ring");
        assertTrue(xyz.get(1).contains("pbc=\"F F F\"") && xyz.get(1).contains("gradient_step=3"), xyz.get(1));
        // the relaxed ring is a square: four equal sides and two diagonals √2 longer
        double[][] x = new double[4][];
        for (int i = 0; i < 4; i++) {
            String[] f = xyz.get(2 + i).trim().split("\\s+");
            x[i] = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        }
        List<Double> d = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) for (int j = i + 1; j < 4; j++) d.add(Math.hypot(x[i][0] - x[j][0], x[i][1] - x[j][1]));
        java.util.Collections.sort(d);
        for (int k = 1; k < 4; k++) assertEquals(d.get(0), d.get(k), 1e-6, "sides " + d);
        assertEquals(d.get(0) * Math.sqrt(2), d.get(4), 1e-6, "diagonal " + d);
        assertEquals(d.get(4), d.get(5), 1e-6, "diagonals " + d);
        assertAseReads(dir.resolve("snapshot_step0003.extxyz"), 4, "angle");
    }

    /** 3D: extXYZ with unit quaternions for the triangle, no PNG. */
    @Test
    void triangleSnapshotsHaveQuaternions(@TempDir Path dir) throws Exception {
        run(dir, Progress.NONE, "target", "triangle", "steps", "1", "compare", "false");
        assertTrue(Files.exists(dir.resolve("snapshot_step0001.extxyz")) && !Files.exists(dir.resolve("snapshot_step0001.png")));
        List<String> xyz = Files.readAllLines(dir.resolve("snapshot_step0001.extxyz"));
        assertEquals("3", xyz.get(0));
        assertTrue(xyz.get(1).contains("quaternion:R:4"), xyz.get(1));
        assertAseReads(dir.resolve("snapshot_step0001.extxyz"), 3, "quaternion");
    }

    private static void assertAseReads(Path file, int bodies, String orientation) throws Exception {
        Map<String, Object> ase = PythonPeer.run("import json, ase.io\n"
                + "a = ase.io.read('" + file + "')\n"
                + "print(json.dumps({'n': len(a), 'orientation': a.arrays['" + orientation + "'].shape[0], 'pbc': [bool(x) for x in a.pbc]}))", 1, 120,
                List.of("ase", "numpy"));
        Assumptions.assumeFalse(ase.containsKey("unavailable"), String.valueOf(ase.get("unavailable")));
        assertEquals(bodies, ((Number) ase.get("n")).intValue(), ase.toString());
        assertEquals(bodies, ((Number) ase.get("orientation")).intValue(), ase.toString());
        assertEquals(List.of(false, false, false), ase.get("pbc"));
    }
}
