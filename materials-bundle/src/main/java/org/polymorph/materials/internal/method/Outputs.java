package org.polymorph.materials.internal.method;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameWriter;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/** Files of materials runs, each written whole (temporary name, then rename) into the run directory, and unit helpers. */
public final class Outputs {
    private Outputs() { }

    /** 1 eV/Å³ in GPa (ASE's and LAMMPS's conversion, CODATA 2014). */
    public static final double GPA_PER_EV_A3 = 160.21766208;

    /** Frames as extended XYZ. */
    public static Path extxyz(RunDirectory dir, String name, List<Frame> frames) throws IOException {
        return dir.write(name, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            FrameWriter fw = StructureFiles.xyzWriter(w);
            for (Frame f : frames) fw.write(f);
            w.flush();
        });
    }

    /** A CSV with a header line; numbers in Java's shortest round-trip form. */
    public static Path csv(RunDirectory dir, String name, String header, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] r : rows) sb.append(line(r)).append('\n');
        return dir.writeString(name, sb.toString());
    }

    static String line(double[] r) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < r.length; k++) {
            if (k > 0) sb.append(',');
            double v = r[k];
            sb.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v));
        }
        return sb.toString();
    }


    /** Stress (1/V)·∂E/∂ε [3][3] (GPa, ASE's sign: tension positive) from a virial W (xx yy zz xy xz yz, eV) = −W/V. */
    public static double[][] stressGPa(double[] w, double volume) {
        double c = -GPA_PER_EV_A3 / volume;
        return new double[][] {{c * w[0], c * w[3], c * w[4]}, {c * w[3], c * w[1], c * w[5]}, {c * w[4], c * w[5], c * w[2]}};
    }

    /** Pressure −tr(σ)/3 (GPa) of a stress from {@link #stressGPa}. */
    public static double pressure(double[][] stressGPa) { return -(stressGPa[0][0] + stressGPa[1][1] + stressGPa[2][2]) / 3; }

    /** Forces [3N] as N rows of 3. */
    public static List<List<Double>> rows3(double[] f) {
        List<List<Double>> out = new ArrayList<>(f.length / 3);
        for (int i = 0; i < f.length; i += 3) out.add(List.of(f[i], f[i + 1], f[i + 2]));
        return out;
    }

    public static List<List<Double>> matrix(double[][] m) {
        List<List<Double>> out = new ArrayList<>();
        for (double[] row : m) {
            List<Double> r = new ArrayList<>();
            for (double v : row) r.add(v);
            out.add(r);
        }
        return out;
    }

    /** The cell rows as a list of lists (Å). */
    public static List<List<Double>> cell(Atoms atoms) {
        double[] h = atoms.box().h();
        return List.of(List.of(h[0], h[1], h[2]), List.of(h[3], h[4], h[5]), List.of(h[6], h[7], h[8]));
    }

    /** A frame with forces and energy/stress info. */
    public static Frame frame(Atoms atoms, double[] velocities, Evaluation ev, java.util.Map<String, String> info) {
        java.util.Map<String, String> i = new java.util.LinkedHashMap<>(info);
        if (ev != null) i.put("energy", String.valueOf(ev.energy()));
        return new Frame(atoms, velocities, ev == null ? null : ev.forces(), i);
    }
}
