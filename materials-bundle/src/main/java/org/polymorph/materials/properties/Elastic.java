package org.polymorph.materials.properties;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Elastic constants as the Voigt 6×6 tensor, from second derivatives of the Potential's energy.
 * Strain convention: e = (ε_xx, ε_yy, ε_zz, 2ε_yz, 2ε_xz, 2ε_xy) with ε symmetric and positions and
 * cell deformed as R(I + ε), h(I + ε); shear components are engineering strains, so C44 = ∂σ_yz/∂(2ε_yz)
 * as in Nye and in LAMMPS's finite-difference scripts. At a non-zero stress these are the second
 * derivatives of the energy density, not the stress-strain coefficients (they differ by terms in σ).
 * <ul>
 * <li>clamped-ion: C⁰ = (1/V) ∂²E/∂e∂e at e = 0 (autodiff Hessian over the 6 strains);</li>
 * <li>relaxed-ion: C = C⁰ − (1/V) Λᵀ H⁺ Λ with H = ∂²E/∂R∂R [3N, 3N] and Λ = ∂²E/∂R∂e [3N, 6]; the
 * three translations are removed by fixing atom 0 (its rows and columns dropped), which is exact
 * because the columns of Λ sum to zero over atoms (Wallace, Thermodynamics of Crystals, 1972).</li>
 * </ul>
 * The Var methods are built from autodiff ops and a linear solve, so they are differentiable in the
 * parameters; their values are in the potential's energy/length³ (eV/Å³); the double methods give GPa.
 */
public final class Elastic {
    private Elastic() { }

    /** Clamped- and relaxed-ion tensors [6][6] in GPa with cubic summaries. */
    public record Constants(double[][] clamped, double[][] relaxed) {
        public Cubic clampedCubic() { return Cubic.of(clamped); }
        public Cubic relaxedCubic() { return Cubic.of(relaxed); }
    }

    /** C11, C12, C44 averaged over the cubic-equivalent entries (C11 = mean of C11, C22, C33, ...). */
    public record Cubic(double c11, double c12, double c44) {
        public static Cubic of(double[][] c) {
            return new Cubic((c[0][0] + c[1][1] + c[2][2]) / 3, (c[0][1] + c[0][2] + c[1][2] + c[1][0] + c[2][0] + c[2][1]) / 6,
                    (c[3][3] + c[4][4] + c[5][5]) / 3);
        }
        /** Bulk modulus (C11 + 2 C12)/3. */
        public double bulkModulus() { return (c11 + 2 * c12) / 3; }
    }

    /** C⁰ = (1/V) ∂²E/∂e∂e [6, 6] (energy/length³), differentiable in positions, cell and params. */
    public static Var clampedIon(AD ad, Potential p, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        StrainEnergy se = new StrainEnergy(ad.ops(), p, params, atoms, nl, cell);
        Var h = ad.hessian((Var e) -> se.energy(positions, e), se.zeroStrain());
        return ad.ops().div(h, se.volume());
    }

    /** C = C⁰ − (1/V) Λᵀ H⁺ Λ [6, 6] (energy/length³); the structure should be at a force-free configuration. */
    public static Var relaxedIon(AD ad, Potential p, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        int n = atoms.size();
        if (n < 2) return clampedIon(ad, p, positions, cell, params, atoms, nl);
        StrainEnergy se = new StrainEnergy(o, p, params, atoms, nl, cell);
        Var e0 = se.zeroStrain();
        Var c0 = clampedIon(ad, p, positions, cell, params, atoms, nl);
        Var lambda = ad.jacobianFwd((Var e) -> o.reshape(ad.grad((Var r) -> se.energy(r, e), positions), 3 * n), e0);   // [3N, 6]
        Var hess = o.reshape(ad.hessian((Var r) -> se.energy(r, e0), positions), 3 * n, 3 * n);
        int[] keep = new int[3 * n - 3];
        for (int k = 0; k < keep.length; k++) keep[k] = k + 3;           // atom 0 fixed: translations removed
        Var idx = o.constant(o.tensors().fromArray(keep, keep.length));
        Var hk = o.take(o.take(hess, idx, 0), idx, 1);
        Var lk = o.take(lambda, idx, 0);
        Var corr = o.matmul(o.transpose(lk, 1, 0), o.solve(hk, lk));
        return o.sub(c0, o.div(corr, se.volume()));
    }

    /** Both tensors in GPa (metal units) at the potential's current parameters. */
    public static Constants compute(AD ad, Potential p, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        Var r = Statics.positions(o, atoms);
        Var h = Statics.cell(o, atoms);
        Object params = p.parameters(o);
        return new Constants(toGPa(o, clampedIon(ad, p, r, h, params, atoms, nl)), toGPa(o, relaxedIon(ad, p, r, h, params, atoms, nl)));
    }

    private static double[][] toGPa(Ops o, Var c) {
        double[] v = o.tensors().toDoubleArray(c.value());
        double[][] out = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double x = v[6 * i + j];
                if (Double.isNaN(x)) throw new ArithmeticException("Elastic: NaN in C[" + i + "][" + j + "]; check the structure and potential");
                out[i][j] = x * Units.EV_PER_A3_TO_GPA;
            }
        }
        return out;
    }
}
