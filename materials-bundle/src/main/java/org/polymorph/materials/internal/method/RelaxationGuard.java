package org.polymorph.materials.internal.method;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * A force field for one relaxation that stops it when it collapses instead of relaxing: each evaluation
 * is counted, and one whose energy ran away ({@link Runaway}) from that of the first evaluation (the
 * starting structure), that the potential refused (two atoms met: an IllegalStateException) or that is
 * not finite fails with exit 1 naming the Method, the evaluation and the atom. A healthy relaxation sees
 * the wrapped force field's results unchanged.
 */
final class RelaxationGuard implements ForceField {
    private final ForceField ff;
    private final String method;
    private double start;
    private long evaluations;

    /** {@code method}: the Method's id and stage, for the message. */
    RelaxationGuard(ForceField ff, String method) {
        this.ff = ff;
        this.method = method;
    }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous) { return checked(atoms, previous, -1); }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous, long step) { return checked(atoms, previous, step); }

    private Computed checked(Atoms atoms, NeighborList previous, long step) {
        String where = method + ", force evaluation " + ++evaluations;
        Computed c;
        try {
            c = step < 0 ? ff.compute(atoms, previous) : ff.compute(atoms, previous, step);
        } catch (IllegalStateException | ArithmeticException e) {
            throw new ArithmeticException(where + ": " + e.getMessage());
        }
        Checks.finite(c.evaluation(), where);
        if (evaluations == 1) start = c.evaluation().energy();
        if (Runaway.ranAway(c.evaluation().energy(), start, atoms.size())) {
            throw Runaway.failure(where, c.evaluation().energy(), start, atoms.size(), c.evaluation().forces());
        }
        return c;
    }
}
