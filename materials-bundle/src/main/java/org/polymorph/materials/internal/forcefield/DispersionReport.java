package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.autodiff.AD;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.properties.BandPlot;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.properties.Phonons;

/**
 * ff.fit's phonon report: the bands of the starting and the fitted parameters along the straight
 * path through the target's q-points in their given order (Cartesian, 2π/a units; 20 points per
 * segment), from the same supercell force constants as the loss, overlaid on the target frequencies
 * (each band group's target drawn at its q-point). PNG via {@link BandPlot#png}.
 */
final class DispersionReport {
    static final int PER_SEGMENT = 20;

    private DispersionReport() { }

    static byte[] png(AD ad, FittableStyle style, String element, Target.PhononFrequencies t, double[] start, double[] fitted) {
        double mass = Elements.mass(element);
        Atoms prim = Structures.primitive(t.structure(), t.latticeConstant(), element, mass);
        Atoms sc = Phonons.supercell(prim, t.supercell(), t.supercell(), t.supercell());
        double[] cell = prim.box().h();
        double[][] q = t.q();
        List<double[]> path = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        double[] vx = new double[q.length];
        double acc = 0;
        for (int k = 0; k < q.length; k++) {
            if (k > 0) {
                double d = Math.sqrt(sq(q[k][0] - q[k - 1][0]) + sq(q[k][1] - q[k - 1][1]) + sq(q[k][2] - q[k - 1][2]));
                for (int i = 1; i <= PER_SEGMENT; i++) {
                    double f = (double) i / PER_SEGMENT;
                    path.add(new double[] {q[k - 1][0] + f * (q[k][0] - q[k - 1][0]), q[k - 1][1] + f * (q[k][1] - q[k - 1][1]), q[k - 1][2] + f * (q[k][2] - q[k - 1][2])});
                    xs.add(acc + f * d);
                }
                acc += d;
            } else {
                path.add(q[0].clone());
                xs.add(0.0);
            }
            vx[k] = acc;
        }
        double[][] before = bands(ad, style.potential(start), prim, sc, cell, path, t.latticeConstant());
        double[][] after = bands(ad, style.potential(fitted), prim, sc, cell, path, t.latticeConstant());
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        List<String> ticks = new ArrayList<>();
        for (int k = 0; k < q.length; k++) {
            for (double v : t.thz()[k]) {
                px.add(vx[k]);
                py.add(v);
            }
            ticks.add(name(q[k]));
        }
        return BandPlot.png("phonon frequencies (THz): start, fitted, target", xs.stream().mapToDouble(Double::doubleValue).toArray(),
                List.of(new BandPlot.Curves("start", before), new BandPlot.Curves("fitted", after)),
                px.stream().mapToDouble(Double::doubleValue).toArray(), py.stream().mapToDouble(Double::doubleValue).toArray(), ticks, vx);
    }

    /** ν[point][band] (THz, negative for an unstable mode) along the path; q Cartesian in 2π/a, fractional s_j = q · h_j / a. */
    private static double[][] bands(AD ad, org.polymorph.materials.potential.Potential pot, Atoms prim, Atoms sc, double[] cell, List<double[]> path, double a) {
        Phonons ph = Phonons.compute(ad, pot, prim, sc);
        double[][] out = new double[path.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] frac = new double[3];
            for (int j = 0; j < 3; j++) for (int c = 0; c < 3; c++) frac[j] += path.get(i)[c] * cell[3 * j + c] / a;
            out[i] = ph.frequencies(frac, cell);
        }
        return out;
    }

    private static String name(double[] q) {
        if (q[0] == 0 && q[1] == 0 && q[2] == 0) return "Γ";
        if (q[0] == 1 && q[1] == 0 && q[2] == 0) return "X";
        if (q[0] == 0.5 && q[1] == 0.5 && q[2] == 0.5) return "L";
        return String.format(Locale.ROOT, "(%.2g,%.2g,%.2g)", q[0], q[1], q[2]);
    }

    private static double sq(double v) { return v * v; }
}
