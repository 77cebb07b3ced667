package org.polymorph.materials.dynamics;

/**
 * Unit conventions of LAMMPS's {@code update.cpp}. METAL: length Å, energy eV, time ps, mass amu,
 * temperature K, pressure reported in GPa (LAMMPS's nktv2p = 1.6021765e6 bar per eV/Å³ = 160.21765
 * GPa per eV/Å³). LJ: reduced units, every constant 1 (ε, σ, m, τ = σ√(m/ε), ε/σ³).
 */
public enum UnitSystem {
    METAL(8.617343e-5, 1.0364269e-4, 160.21765),
    LJ(1.0, 1.0, 1.0);

    private final double boltzmann;
    private final double mvv2e;
    private final double nktv2p;

    UnitSystem(double boltzmann, double mvv2e, double nktv2p) {
        this.boltzmann = boltzmann;
        this.mvv2e = mvv2e;
        this.nktv2p = nktv2p;
    }

    /** k_B [energy / temperature] (metal: 8.617343e-5 eV/K, LAMMPS's {@code boltz}). */
    public double boltzmann() { return boltzmann; }

    /** m·v² → energy (metal: 1.0364269e-4 eV per amu·Å²/ps²). */
    public double mvv2e() { return mvv2e; }

    /** force/mass → acceleration, 1/mvv2e (metal: Å/ps² per eV/(Å·amu)). */
    public double ftm2v() { return 1.0 / mvv2e; }

    /** energy/volume → reported pressure unit (metal: GPa per eV/Å³; LJ: 1). */
    public double nktv2p() { return nktv2p; }
}
