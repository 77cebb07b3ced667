package org.polymorph.materials.pv;

/**
 * The dimensionless units of the drift-diffusion system, as deltapv's {@code deltapv/scales.py} (CODATA 2018
 * constants of scipy): density 1e19 cm⁻³, mobility 1 cm²/(V·s), temperature 300 K, energy kT/q, length the Debye
 * length √(ε₀ kT / (q² density)).
 */
final class PvScales {
    private PvScales() { }

    /** Boltzmann constant, J/K. */
    static final double KB = 1.380649e-23;
    /** Elementary charge, C (also J per eV). */
    static final double Q = 1.602176634e-19;
    /** h·c, J·m. */
    static final double HC = 299792458.0 * 6.62607015e-34;
    /** Vacuum permittivity, C/(V·cm). */
    static final double EPS0 = 8.8541878128e-12 * 1e-2;
    /** Temperature, K. */
    static final double T = 300.0;

    /** Density unit, cm⁻³. */
    static final double DENSITY = 1e19;
    /** Mobility unit, cm²/(V·s). */
    static final double MOBILITY = 1.0;
    /** Energy unit kT/q, eV. */
    static final double ENERGY = KB * T / Q;
    /** Time unit, s. */
    static final double TIME = EPS0 / Q / DENSITY / MOBILITY;
    /** Length unit (Debye length), cm. */
    static final double LENGTH = Math.sqrt(EPS0 * KB * T / (Q * Q * DENSITY));
    /** Velocity unit, cm/s. */
    static final double VELOCITY = LENGTH / TIME;
    /** Current density unit, A/cm². */
    static final double CURRENT = KB * T * DENSITY * MOBILITY / LENGTH;
    /** Generation-rate unit, cm⁻³ s⁻¹. */
    static final double GRATE = DENSITY * MOBILITY * KB * T / (Q * LENGTH * LENGTH);
}
