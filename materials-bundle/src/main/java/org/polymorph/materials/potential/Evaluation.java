package org.polymorph.materials.potential;

/**
 * A single-point result: energy (eV), forces [3N] (eV/Å, −∂E/∂r), and the virial W = Σ r⊗f as
 * LAMMPS defines it (eV; order xx, yy, zz, xy, xz, yz), so that the pressure tensor is W/V and
 * the stress (1/V)·∂E/∂ε is −W/V.
 */
public record Evaluation(double energy, double[] forces, double[] virial) {
    public Evaluation {
        if (virial.length != 6) throw new IllegalArgumentException("virial needs 6 components, got " + virial.length);
        forces = forces.clone();
        virial = virial.clone();
    }

    @Override public double[] forces() { return forces.clone(); }

    /** Force component {@code axis} (0 x, 1 y, 2 z) on atom {@code atom}, without copying the forces. */
    public double force(int atom, int axis) { return forces[3 * atom + axis]; }

    /** Number of atoms the forces are for. */
    public int atoms() { return forces.length / 3; }

    @Override public double[] virial() { return virial.clone(); }
}
