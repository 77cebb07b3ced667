package org.polymorph.materials.properties;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Single-point properties from the Potential's differentiable energy: energy (eV), forces −∂E/∂R
 * [N, 3] (eV/Å), the Voigt stress σ = (1/V) ∂E/∂e [6] (xx, yy, zz, yz, xz, xy; ASE's sign, so a
 * compressed solid has σ &lt; 0 and pressure −tr σ/3 &gt; 0), and the kinetic energy and temperature of
 * velocities (Å/ps) in metal units. The Var methods differentiate further (w.r.t. {@code params}).
 */
public final class Statics {
    private Statics() { }

    /** Positions [N, 3] of {@code atoms} as a constant Var. */
    public static Var positions(Ops o, Atoms atoms) { return o.constant(atoms.positions(), atoms.size(), 3); }

    /** The cell h [3, 3] of {@code atoms} as a constant Var. */
    public static Var cell(Ops o, Atoms atoms) { return o.constant(atoms.box().h(), 3, 3); }

    /** E (eV) at the potential's current parameters. */
    public static double energy(AD ad, Potential p, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        return p.energy(o, positions(o, atoms), cell(o, atoms), p.parameters(o), atoms, nl).item();
    }

    /** Forces −∂E/∂R [N, 3] (eV/Å) as a Var, differentiable in {@code params}. */
    public static Var forces(AD ad, Potential p, Object params, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        Var h = cell(o, atoms);
        return o.neg(ad.grad((Var r) -> p.energy(o, r, h, params, atoms, nl), positions(o, atoms)));
    }

    /** Forces [3N] (eV/Å) at the current parameters. */
    public static double[] forces(AD ad, Potential p, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        double[] f = o.tensors().toDoubleArray(forces(ad, p, p.parameters(o), atoms, nl).value());
        for (int k = 0; k < f.length; k++) {
            if (Double.isNaN(f[k])) throw new ArithmeticException("forces: NaN on atom " + k / 3 + " (" + p.style() + "); check for overlapping atoms");
        }
        return f;
    }

    /**
     * Voigt stress (1/V) ∂E/∂e [6] in energy/length³ of the potential's units (eV/Å³ in metal units),
     * at positions R [N, 3] and cell h [3, 3]; differentiable in all three.
     */
    public static Var stress(AD ad, Potential p, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        StrainEnergy se = new StrainEnergy(ad.ops(), p, params, atoms, nl, cell);
        Var g = ad.grad((Var e) -> se.energy(positions, e), se.zeroStrain());
        return ad.ops().div(g, se.volume());
    }

    /** Voigt stress [6] in GPa (metal units) at the current parameters. */
    public static double[] stressGPa(AD ad, Potential p, Atoms atoms, NeighborList nl) {
        double[] s = stressNative(ad, p, atoms, nl);
        for (int k = 0; k < 6; k++) s[k] *= Units.EV_PER_A3_TO_GPA;
        return s;
    }

    /** Voigt stress [6] in the potential's energy/length³ (eV/Å³, or ε/σ³ in LJ units). */
    public static double[] stressNative(AD ad, Potential p, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        double[] s = o.tensors().toDoubleArray(stress(ad, p, positions(o, atoms), cell(o, atoms), p.parameters(o), atoms, nl).value());
        for (double x : s) if (Double.isNaN(x)) throw new ArithmeticException("stress: NaN from the strain derivative (" + p.style() + ")");
        return s;
    }

    /** Pressure −(σ_xx + σ_yy + σ_zz)/3 of a Voigt stress (same units). */
    public static double pressure(double[] voigtStress) {
        if (voigtStress.length != 6) throw new IllegalArgumentException("pressure: voigtStress has " + voigtStress.length
                + " components; give the 6 Voigt components xx yy zz yz xz xy");
        return -(voigtStress[0] + voigtStress[1] + voigtStress[2]) / 3;
    }

    /** Kinetic energy ½ Σ m v² · mvv2e (eV) of velocities [3N] (Å/ps) with per-atom masses [N] (amu). */
    public static double kineticEnergy(double[] velocities, double[] atomMasses) {
        if (velocities.length != 3 * atomMasses.length) {
            throw new IllegalArgumentException("kineticEnergy: " + velocities.length + " velocity components for " + atomMasses.length
                    + " masses; give 3 components per atom");
        }
        double s = 0;
        for (int i = 0; i < atomMasses.length; i++) {
            double v2 = 0;
            for (int k = 0; k < 3; k++) v2 += velocities[3 * i + k] * velocities[3 * i + k];
            s += atomMasses[i] * v2;
        }
        return 0.5 * s * Units.MVV2E;
    }

    /** T = 2 KE / (dof k_B) (K); {@code dof} degrees of freedom (LAMMPS: 3N − 3 with momentum conserved). */
    public static double temperature(double[] velocities, double[] atomMasses, int dof) {
        if (dof < 1) throw new IllegalArgumentException("temperature: dof = " + dof + "; give at least 1 degree of freedom");
        return 2 * kineticEnergy(velocities, atomMasses) / (dof * Units.BOLTZMANN_EV_PER_K);
    }

    /** Temperature with LAMMPS's default 3N − 3 degrees of freedom (3 for a single atom): {@link Thermo#degreesOfFreedom}. */
    public static double temperature(double[] velocities, double[] atomMasses) {
        return temperature(velocities, atomMasses, Thermo.degreesOfFreedom(atomMasses.length, true));
    }
}
