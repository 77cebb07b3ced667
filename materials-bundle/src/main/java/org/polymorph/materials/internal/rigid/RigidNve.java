package org.polymorph.materials.internal.rigid;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidIntegrator;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;

/**
 * NVE for rigid bodies, symplectic and time-reversible (Miller et al., J. Chem. Phys. 116, 8649 (2002);
 * LAMMPS's {@code fix rigid/nve}, jax-md's {@code simulate.nve} on a {@code RigidBody}): kick P and L by
 * dt/2 with the centre forces and torques, drift the centres by dt, free-rotate by dt (NO_SQUISH in
 * 3D, θ += dt·L/I in 2D), forces, kick dt/2. Energy errors are second order in dt.
 */
public final class RigidNve implements RigidIntegrator {
    private final RigidForces ff;
    private final double dt;
    private final UnitSystem units;
    private Splitting splitting = Splitting.LAMMPS;

    public RigidNve(RigidForces ff, double dt, UnitSystem units) {
        this.ff = ff;
        this.dt = Motion.positive("dt", dt);
        this.units = units;
    }

    /** This integrator with the free-rotor axis order {@code order} (default {@link Splitting#LAMMPS}). */
    public RigidNve with(Splitting order) {
        if (order == null) throw new IllegalArgumentException("splitting is null; give Splitting.LAMMPS or Splitting.JAX_MD");
        this.splitting = order;
        return this;
    }

    @Override public UnitSystem units() { return units; }

    @Override public RigidSystem system() { return ff.system(); }

    @Override
    public RigidState init(RandomKey key, RigidBodies bodies) {
        return Motion.start(ff, bodies, key, State.Chain.NONE, State.Chain.NONE, true, units);
    }

    @Override
    public RigidState step(RigidState s) {
        long n = s.step() + 1;
        Motion m = new Motion(s, splitting);
        RigidForces.Result r = m.verlet(s, ff, dt, n);
        return m.state(s, r, n, dt, s.translationChain(), s.rotationChain(), s.reservoir());
    }
}
