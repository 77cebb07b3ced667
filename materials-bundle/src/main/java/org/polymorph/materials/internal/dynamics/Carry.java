package org.polymorph.materials.internal.dynamics;

import java.util.concurrent.atomic.AtomicReference;
import org.polymorph.materials.dynamics.State;

/**
 * An integrator's own per-atom arrays, carried from one step to the next: the masses [N], and the
 * positions and velocities [3N] it gave to the State it returned (which copied them), so that the next
 * step from that State updates them in place instead of copying them out again; on this machine a
 * fresh 3N array of 32,000 atoms costs 0.15 ms, more than a kick. Taken by one step at a time:
 * another State, or a concurrent step from the same one, gets copies as before.
 */
final class Carry {
    /** The arrays a step works on. */
    record Arrays(double[] masses, double[] positions, double[] velocities) { }

    private record Kept(State state, Arrays arrays) { }

    private final AtomicReference<Kept> kept = new AtomicReference<>();

    /** The arrays of {@code s}: the carried ones if the last step returned s, else copies. */
    Arrays take(State s) {
        Kept k = kept.getAndSet(null);
        if (k != null && k.state == s) return k.arrays;
        return new Arrays(s.atoms().atomMasses(), s.positions(), s.velocities());
    }

    /** Keeps {@code a} for a step from {@code next}, which was made from them. */
    State keep(State next, Arrays a) {
        kept.set(new Kept(next, a));
        return next;
    }
}
