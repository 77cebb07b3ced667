package org.polymorph.materials.dynamics;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.structure.Atoms;

/**
 * An integrator as a pair of functions (jax-md's {@code init_fn, apply_fn}): {@link #init}
 * evaluates forces and draws or takes velocities; {@link #step} returns the next state. A NaN or
 * infinite position or force throws ArithmeticException naming the step and the atom.
 */
@ConsumerType
public interface Integrator {
    /** Observer of a run: called with every {@code every}-th state (e.g. to write extXYZ frames). */
    @FunctionalInterface
    interface Observer {
        void observe(State state);
    }

    /** Velocities [3N] given (length/time); {@code key} seeds any stochastic part. */
    State init(RandomKey key, Atoms atoms, double[] velocities);

    State step(State state);

    /** The units of masses, time step and targets. */
    UnitSystem units();

    /** Maxwell–Boltzmann velocities at {@code temperature} from {@code key.split(2)[0]}; the state keeps {@code key.split(2)[1]}. */
    default State init(RandomKey key, Atoms atoms, double temperature) {
        RandomKey[] k = key.split(2);
        return init(k[1], atoms, Thermo.maxwellBoltzmann(k[0], atoms, temperature, units()));
    }

    /** {@code steps} steps; the observer sees the start and every state whose step is a multiple of {@code every}. */
    default State run(State start, long steps, long every, Observer observer) {
        if (steps < 0) throw new IllegalArgumentException("run: steps = " + steps + "; give steps >= 0");
        if (every < 1) throw new IllegalArgumentException("run: every = " + every + "; give every >= 1");
        State s = start;
        if (observer != null) observer.observe(s);
        for (long i = 0; i < steps; i++) {
            s = step(s);
            if (observer != null && s.step() % every == 0) observer.observe(s);
        }
        return s;
    }
}
