package org.polymorph.materials.rigid;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.UnitSystem;

/**
 * A rigid-body integrator as a pair of functions (jax-md's {@code init_fn, apply_fn} over a
 * {@code RigidBody}): {@link #init} evaluates the point forces and turns them into centre forces and
 * torques; {@link #step} returns the next state. A non-finite centre, orientation, momentum, force or
 * torque throws an ArithmeticException naming the step and the body.
 */
@ConsumerType
public interface RigidIntegrator {
    /** The state at step 0 with the bodies' momenta as given; {@code key} seeds any stochastic part. */
    RigidState init(RandomKey key, RigidBodies bodies);

    RigidState step(RigidState state);

    /** The units of masses, time step and targets. */
    UnitSystem units();

    /** The system whose bodies it moves. */
    RigidSystem system();

    /** Thermal momenta at {@code temperature} from {@code key.split(2)[0]} ({@link RigidSystem#thermalised}); the state keeps {@code key.split(2)[1]}. */
    default RigidState init(RandomKey key, RigidBodies bodies, double temperature) {
        RandomKey[] k = key.split(2);
        return init(k[1], system().thermalised(k[0], bodies, temperature, units()));
    }

    /** {@code steps} steps. */
    default RigidState run(RigidState start, long steps) {
        if (steps < 0) throw new IllegalArgumentException("run: steps = " + steps + "; give steps >= 0");
        RigidState s = start;
        for (long i = 0; i < steps; i++) s = step(s);
        return s;
    }
}
