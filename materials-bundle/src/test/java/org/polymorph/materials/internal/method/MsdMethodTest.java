package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameWriter;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

class MsdMethodTest {
    /**
     * Brownian walkers of two species with D_A = 0.5 and D_B = 2 Å²/ps (steps of variance 2D·dt per axis), written every
     * 10 fs, optionally wrapped into a 20 Å cube.
     */
    static Path walk(Path dir, boolean wrap) throws Exception { return walk(dir, wrap, 0); }

    /** The same walk carried as a whole along x at {@code drift} Å/ps. */
    static Path walk(Path dir, boolean wrap, double drift) throws Exception {
        int n = 400, frames = 200;
        double dt = 0.01;
        Random rnd = new Random(11);
        double[] r = new double[3 * n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = i % 2;
            for (int k = 0; k < 3; k++) r[3 * i + k] = 20 * rnd.nextDouble();
        }
        Box box = Box.orthorhombic(20, 20, 20);
        StringWriter w = new StringWriter();
        FrameWriter fw = StructureFiles.xyzWriter(w);
        for (int f = 0; f < frames; f++) {
            double[] out = r.clone();
            if (drift != 0) for (int i = 0; i < n; i++) out[3 * i] += drift * f * dt;
            if (wrap) for (int c = 0; c < out.length; c++) out[c] = out[c] - 20 * Math.floor(out[c] / 20);
            fw.write(new Frame(new Atoms(out, types, List.of("Ar", "Kr"), new double[] {39.948, 83.798}, box), null, null,
                    Map.of("time", Double.toString(f * dt))));
            for (int i = 0; i < n; i++) {
                double d = types[i] == 0 ? 0.5 : 2.0;
                for (int k = 0; k < 3; k++) r[3 * i + k] += Math.sqrt(2 * d * dt) * rnd.nextGaussian();
            }
        }
        Path file = dir.resolve((wrap ? "wrapped" : "walk") + (drift != 0 ? "-drift" : "") + ".extxyz");
        Files.writeString(file, w.toString());
        return file;
    }

    @SuppressWarnings("unchecked")
    private static double d(Result r, String species) {
        return (Double) ((Map<String, Object>) ((Map<String, Object>) r.values().get("diffusion")).get(species)).get("D_A2_per_ps");
    }

    @Test
    void einsteinRelationRecoversTheDiffusionCoefficientsPerSpecies(@TempDir Path tmp) throws Exception {
        Path traj = walk(tmp, false);
        Result r = MethodTestSupport.run(new MsdMethod(), tmp.resolve("run"), "trajectory=" + traj);
        System.out.printf("md.msd: D_Ar %.4f (0.5), D_Kr %.4f (2.0), D %.4f (1.25)%n", d(r, "Ar"), d(r, "Kr"), (Double) r.values().get("D"));
        // 200 walkers per species, lags to 1.2 ps: the statistical error of D is a few per cent
        assertEquals(0.5, d(r, "Ar"), 0.06);
        assertEquals(2.0, d(r, "Kr"), 0.2);
        assertEquals(1.25, (Double) r.values().get("D"), 0.12);
        assertEquals((Double) r.values().get("D") * 1e-4, (Double) r.values().get("D_cm2_per_s"), 1e-15);
        assertTrue(Files.readAllLines(tmp.resolve("run/msd.csv")).get(0).equals("time_ps,msd_all_A2,msd_Ar_A2,msd_Kr_A2"));
        // the same walk wrapped into the cell gives the same D once unwrapped; without, the jumps across the cell spoil it
        Path wrapped = walk(tmp, true);
        Result u = MethodTestSupport.run(new MsdMethod(), tmp.resolve("unwrapped"), "trajectory=" + wrapped, "unwrap=true");
        assertEquals((Double) r.values().get("D"), (Double) u.values().get("D"), 1e-9);
        Result bad = MethodTestSupport.run(new MsdMethod(), tmp.resolve("wrapped"), "trajectory=" + wrapped);
        assertTrue(Math.abs((Double) bad.values().get("D") - (Double) r.values().get("D")) > 0.5 * (Double) r.values().get("D"),
                bad.values().get("D") + " vs " + r.values().get("D"));
    }

    @Test
    void badWindowsNameTheParameter(@TempDir Path tmp) throws Exception {
        Path traj = walk(tmp, false);
        BadInputException e = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new MsdMethod(), tmp.resolve("a"), "trajectory=" + traj, "fit_start=0.5", "fit_end=0.4"));
        assertTrue(e.getMessage().contains("'fit_end'"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new MsdMethod(), tmp.resolve("b"), "trajectory=" + traj, "max_frames=2"));
        assertTrue(e.getMessage().contains("'trajectory'"), e.getMessage());
    }
    @Test
    void aUniformDriftIsRemovedUnlessAskedToKeepIt(@TempDir Path tmp) throws Exception {
        // the walkers of the first test carried along x at 2 Å/ps: by default md.msd takes out the centre-of-mass
        // displacement and finds the walk's D; remove_drift=no keeps the (2 t)² the drift adds to the MSD
        Result still = MethodTestSupport.run(new MsdMethod(), tmp.resolve("still"), "trajectory=" + walk(tmp, false));
        Path carried = walk(tmp, false, 2.0);
        Result removed = MethodTestSupport.run(new MsdMethod(), tmp.resolve("removed"), "trajectory=" + carried);
        Result kept = MethodTestSupport.run(new MsdMethod(), tmp.resolve("kept"), "trajectory=" + carried, "remove_drift=no");
        double d = (Double) still.values().get("D");
        System.out.printf("md.msd of a drifting walk: D %.4f removed, %.4f kept, %.4f without drift%n", (Double) removed.values().get("D"),
                (Double) kept.values().get("D"), d);
        // the same up to the rounding of the written coordinates; per species too (the whole system's drift is taken out)
        assertEquals(d, (Double) removed.values().get("D"), 1e-6 * d);
        assertEquals(d(still, "Ar"), d(removed, "Ar"), 1e-6 * d);
        assertEquals(d(still, "Kr"), d(removed, "Kr"), 1e-6 * d);
        assertTrue((Double) kept.values().get("D") > d + 0.5, kept.values().get("D") + " vs " + d);
    }
}
