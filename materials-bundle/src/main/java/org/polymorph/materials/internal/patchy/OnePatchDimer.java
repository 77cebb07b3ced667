package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;

/**
 * Identical bodies with one patch each, which can only dimerise (2M ⇌ D): a core of diameter σ_c = 1 at the origin
 * (soft sphere ε_c, α_c = 2, as patchy.yield's ring2d particles) and one patch at distance {@code radius} along the
 * body x axis; Morse ε, α, r0 = 0 with jax-md's cut-off quirk (untruncated to r = 2), in 2D or 3D. The dimer is seeded
 * with the two bodies facing each other, patches coinciding; symmetry number 2 (swapping the bodies is a rotation).
 */
final class OnePatchDimer {
    private OnePatchDimer() { }

    static PatchyModel model(int dimension) {
        return new PatchyModel(dimension, List.of(new BodyType("P", new double[][] {new double[dimension]}, new int[] {0})), 1, Cutoff.jaxMd(1.0));
    }

    static PatchyParams params(Ops o, int dimension, double eps, double alpha, double radius, double coreEps) {
        double[] patch = new double[dimension];
        patch[0] = radius;
        return PatchyParams.of(o, dimension, new double[][] {patch}, new double[][] {{eps}}, new double[][] {{alpha}}, 0, coreEps, 1, 2);
    }

    static ClusterSpecies dimer(int dimension, double radius) {
        if (dimension == 2) return new ClusterSpecies("dimer", new int[2], new double[][] {{-radius, 0, 0}, {radius, 0, Math.PI}}, null, 2);
        return new ClusterSpecies("dimer", new int[2], new double[][] {{-radius, 0, 0, 0, 0, 0}, {radius, 0, 0, 0, 0, 0}},
                new double[][] {{1, 0, 0, 0, 1, 0, 0, 0, 1}, {-1, 0, 0, 0, -1, 0, 0, 0, 1}}, 2);
    }

    /** Two bonded bodies whose centres lie within {@code tolerance} of 2·radius apart. */
    static TargetStructure target(int dimension, double radius, double tolerance) {
        return new TargetStructure("dimer", new int[2], new boolean[][] {{false, true}, {true, false}},
                new double[][] {new double[dimension], axis(dimension, 2 * radius)}, tolerance);
    }

    private static double[] axis(int d, double x) {
        double[] v = new double[d];
        v[0] = x;
        return v;
    }

    /**
     * The canonical homodimer yield of n identical bodies in volume V (length^d): with K the dimerisation constant
     * (length^d, [D] = K[M]²), the ideal mixture of n − 2N monomers and N dimers has Z(N) ∝ (K/V)^N / ((n − 2N)! N!);
     * returns the fraction of bodies in dimers, ⟨2N⟩/n.
     */
    static double canonicalShare(double logK, int n, double volume) {
        int top = n / 2;
        double[] logw = new double[top + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= top; k++) {
            logw[k] = k * (logK - Math.log(volume)) - lgamma(n - 2 * k + 1) - lgamma(k + 1);
            max = Math.max(max, logw[k]);
        }
        double z = 0, m = 0;
        for (int k = 0; k <= top; k++) {
            double w = Math.exp(logw[k] - max);
            z += w;
            m += 2.0 * k * w;
        }
        return m / z / n;
    }

    /** log Γ(x) for integer x ≥ 1: log (x − 1)!. */
    private static double lgamma(int x) {
        double s = 0;
        for (int i = 2; i < x; i++) s += Math.log(i);
        return s;
    }

}
