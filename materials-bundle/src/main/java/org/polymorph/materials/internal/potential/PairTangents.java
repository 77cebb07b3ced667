package org.polymorph.materials.internal.potential;

import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.HalfListWalk;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.structure.Atoms;

/**
 * The {@link ForceTangents} walk of a pair style from its {@link PairSum.SecondTerm} (morse, soft, coul/dsf, bks, and
 * lj/cut with several types): per pair r = x_l − x_i below the cutoff (j the atom behind l), φ' and φ'' once (g = φ'/r, q = (φ'' − g)/r²)
 * and the slopes ∂φ'/∂p_q once; the force −g r on j (and its opposite on i), and for every tangent b the Hessian block
 * g I + q r rᵀ applied to δ_b = ṙ_j − ṙ_i plus (Σ_q ∂φ'/∂p_q ṗ_{b,q} / r) r, the same numbers as
 * {@link PairSum#hessianProducts} tangent by tangent.
 */
public interface PairTangents extends PairSum.SecondOrderPairs, ForceTangents {
    @Override
    default void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        PairSum.checkHalf(style(), nl);
        PairSum.SecondTerm term = secondTerm(atoms);
        int types = atoms.typeNames().size();
        int[] te = atoms.types();
        double[] c = new double[2];
        int[] index = new int[8];
        double[] value = new double[8];
        double[] along = new double[k];                 // Σ_q ∂φ'/∂p_q ṗ_{b,q} of the current pair, per tangent
        int w = 3 * k;
        new HalfListWalk(style(), atoms, nl, cutoff()).forEach((i, j, r, dx, dy, dz) -> {
            int p = te[i] * types + te[j];
            term.curvature(r, p, c);
            double g = c[0] / r, q = (c[1] - g) / (r * r);
            if (forces != null) PairSum.opposite(forces, i, j, -g * dx, -g * dy, -g * dz);
            if (dp != null) {
                int slopes = term.slopes(r, p, index, value);
                for (int b = 0; b < k; b++) {
                    double s = 0;
                    for (int m = 0; m < slopes; m++) s += value[m] * dp[b][index[m]];
                    along[b] = s / r;
                }
            }
            int ti = w * i, tl = w * j;
            for (int b = 0, o = 0; b < k; b++, o += 3) {
                double ex = dT[tl + o] - dT[ti + o], ey = dT[tl + o + 1] - dT[ti + o + 1], ez = dT[tl + o + 2] - dT[ti + o + 2];
                double radial = q * (dx * ex + dy * ey + dz * ez) + (dp == null ? 0 : along[b]);
                double vx = g * ex + radial * dx, vy = g * ey + radial * dy, vz = g * ez + radial * dz;
                outT[tl + o] += vx;
                outT[tl + o + 1] += vy;
                outT[tl + o + 2] += vz;
                outT[ti + o] -= vx;
                outT[ti + o + 1] -= vy;
                outT[ti + o + 2] -= vz;
            }
        });
    }
}
