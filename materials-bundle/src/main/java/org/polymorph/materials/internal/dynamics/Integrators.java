package org.polymorph.materials.internal.dynamics;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;


/**
 * Integrator factories. {@code dt} is in the unit system's time unit (ps for metal, τ for LJ);
 * temperatures in K (metal) or ε/k_B (LJ); pressures in GPa (metal) or ε/σ³ (LJ); time constants
 * τ in time units (about 100·dt for a thermostat and 1000·dt for a barostat, as LAMMPS advises).
 */
public final class Integrators {
    /** The chain length used when none is given (Martyna, Klein & Tuckerman 1992 use 3–5). */
    public static final int DEFAULT_CHAIN = 3;

    private Integrators() { }

    /** Velocity Verlet, constant N, V, E. */
    public static Integrator nve(ForceField ff, double dt, UnitSystem units) {
        return new Nve(ff, dt, units);
    }

    /** Langevin BAOAB with friction γ (1/time) towards the temperature schedule; total momentum held at zero (ASE's fixcm). */
    public static Integrator langevin(ForceField ff, double dt, Ramp temperature, double gamma, UnitSystem units) {
        return langevin(ff, dt, temperature, gamma, Langevin.Momentum.FIXCM, units);
    }

    /** Langevin BAOAB with friction γ (1/time) towards the temperature schedule, the total momentum ruled by {@code momentum}. */
    public static Integrator langevin(ForceField ff, double dt, Ramp temperature, double gamma, Langevin.Momentum momentum, UnitSystem units) {
        return new Langevin(ff, dt, temperature, gamma, momentum, units);
    }

    /** Nosé–Hoover chain NVT (chain of {@link #DEFAULT_CHAIN}) with time constant τ. */
    public static Integrator noseHoover(ForceField ff, double dt, Ramp temperature, double tau, UnitSystem units) {
        return new NoseHoover(ff, dt, temperature, tau, DEFAULT_CHAIN, units);
    }

    public static Integrator noseHoover(ForceField ff, double dt, Ramp temperature, double tau, int chain, UnitSystem units) {
        return new NoseHoover(ff, dt, temperature, tau, chain, units);
    }

    /**
     * MTK NPT with a flexible cell towards the hydrostatic pressure schedule: {@code tri = false} moves the three
     * box lengths independently (LAMMPS's {@code aniso}), {@code tri = true} all six cell components (LAMMPS's
     * {@code tri}; shear stress relaxes to 0). Nosé–Hoover chains on particles (τ_T) and cell (τ_P).
     */
    public static Integrator nptMtkCell(ForceField ff, double dt, Ramp temperature, double tauT, Ramp pressure, double tauP,
                                        boolean tri, UnitSystem units) {
        return new MtkCell(ff, dt, temperature, tauT, pressure, tauP, DEFAULT_CHAIN, tri ? MtkCell.Coupling.TRI : MtkCell.Coupling.ANISO, units);
    }

    /** Isotropic MTK NPT with Nosé–Hoover chains on particles (τ_T) and barostat (τ_P). */
    public static Integrator nptMtk(ForceField ff, double dt, Ramp temperature, double tauT, Ramp pressure, double tauP,
                                    UnitSystem units) {
        return new Mtk(ff, dt, temperature, tauT, pressure, tauP, DEFAULT_CHAIN, units);
    }
}
