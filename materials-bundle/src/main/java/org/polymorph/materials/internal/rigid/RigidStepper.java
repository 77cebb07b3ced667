package org.polymorph.materials.internal.rigid;

import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.rigid.RigidIntegrator;
import org.polymorph.materials.rigid.RigidSystem;

/** What the rigid integrators share: the force map, the time step (time units), the units and the free-rotor {@link Splitting}. */
abstract class RigidStepper implements RigidIntegrator {
    final RigidForces ff;
    final double dt;
    final UnitSystem units;
    Splitting splitting = Splitting.LAMMPS;

    RigidStepper(RigidForces ff, double dt, UnitSystem units) {
        if (ff == null) throw new IllegalArgumentException("rigid integrator: forces are null");
        this.ff = ff;
        this.dt = Motion.positive("dt", dt);
        this.units = units;
    }

    /** This integrator with the free-rotor axis order {@code order} (default {@link Splitting#LAMMPS}). */
    public RigidIntegrator with(Splitting order) {
        if (order == null) throw new IllegalArgumentException("splitting is null; give Splitting.LAMMPS or Splitting.JAX_MD");
        this.splitting = order;
        return this;
    }

    @Override public UnitSystem units() { return units; }

    @Override public RigidSystem system() { return ff.system(); }

    /** A working copy of {@code s} with this integrator's splitting. */
    Motion motion(org.polymorph.materials.rigid.RigidState s) { return new Motion(s, splitting); }
}
