package org.polymorph.materials.internal.method;

import org.polymorph.core.method.Progress;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * A force field that checks for cancellation before each evaluation and otherwise hands the call on
 * unchanged: a minimiser, an elastic-constant relaxation or a band of images driven by it stops within
 * one force evaluation of a cancel (a CancelledException naming the Method and the evaluation), with the
 * same results as the wrapped force field when not cancelled.
 */
final class CancellableForceField implements ForceField {
    private final ForceField ff;
    private final Progress progress;
    private final String method;
    private long evaluations;

    /** {@code method}: the Method's id, for the message. */
    CancellableForceField(ForceField ff, Progress progress, String method) {
        this.ff = ff;
        this.progress = progress;
        this.method = method;
    }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous) {
        check();
        return ff.compute(atoms, previous);
    }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous, long step) {
        check();
        return ff.compute(atoms, previous, step);
    }

    private void check() {
        progress.checkCancelled(method + ", force evaluation " + ++evaluations);
    }
}
