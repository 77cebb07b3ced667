package org.polymorph.materials.dynamics;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/**
 * Energy, forces and virial of a configuration, keeping a neighbour list between calls: the list
 * of the previous call is reused until an atom has moved more than skin/2 or the cell changed
 * ({@code NeighborListBuilder.needsRebuild}), or, along a trajectory ({@link #compute(Atoms,
 * NeighborList, long)}), as a {@link NeighborUpdate} policy says. Positions are never wrapped; the
 * list's image shifts refer to the positions as given.
 */
@ConsumerType
public interface ForceField {
    /** An evaluation and the list it used (pass it back as {@code previous}). */
    record Computed(Evaluation evaluation, NeighborList neighbors) { }

    /** {@code previous} may be null (first call). */
    Computed compute(Atoms atoms, NeighborList previous);

    /**
     * The same at trajectory step {@code step} (the integrators pass the step being computed, 0 at
     * init), so that a force field with a {@link NeighborUpdate} policy can count the steps since its
     * list was built. The default ignores the step.
     *
     * @since 1.1.0
     */
    default Computed compute(Atoms atoms, NeighborList previous, long step) { return compute(atoms, previous); }

}
