package org.polymorph.materials.properties;

/** Unit conversions for metal units (Å, eV, ps, amu, K) as LAMMPS {@code units metal} and phonopy. */
public final class Units {
    private Units() { }

    /** 1 eV/Å³ in GPa. */
    public static final double EV_PER_A3_TO_GPA = 160.21766208;
    /** Boltzmann's constant (eV/K), LAMMPS metal's value. */
    public static final double BOLTZMANN_EV_PER_K = 8.617343e-5;
    /** m v² (amu Å²/ps²) to eV, LAMMPS metal's mvv2e. */
    public static final double MVV2E = 1.0364269e-4;
    /** √(eV/(Å² amu)) / 2π in THz: eigenvalues of the dynamical matrix to ν (phonopy's VaspToTHz). */
    public static final double THZ_PER_SQRT_EV_A2_AMU = 15.633302300230191;
}
