package org.polymorph.materials.internal.rigid;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;

/**
 * NVE for rigid bodies, symplectic and time-reversible (Miller et al., J. Chem. Phys. 116, 8649 (2002);
 * LAMMPS's {@code fix rigid/nve}, jax-md's {@code simulate.nve} on a {@code RigidBody}): kick P and L by
 * dt/2 with the centre forces and torques, drift the centres by dt, free-rotate by dt (NO_SQUISH in
 * 3D, θ += dt·L/I in 2D), forces, kick dt/2. Energy errors are second order in dt.
 */
public final class RigidNve extends RigidStepper {

    public RigidNve(RigidForces ff, double dt, UnitSystem units) {
        super(ff, dt, units);
    }

    @Override
    public RigidState init(RandomKey key, RigidBodies bodies) {
        return Motion.start(ff, bodies, key, State.Chain.NONE, State.Chain.NONE, true, units);
    }

    @Override
    public RigidState step(RigidState s) {
        long n = s.step() + 1;
        Motion m = motion(s);
        RigidForces.Result r = m.verlet(s, ff, dt, n);
        return m.state(s, r, n, dt, s.translationChain(), s.rotationChain(), s.reservoir());
    }
}
