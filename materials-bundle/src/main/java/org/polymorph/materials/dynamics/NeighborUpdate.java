package org.polymorph.materials.dynamics;

/**
 * When a {@link ForceField} rebuilds its neighbour list during a trajectory: LAMMPS's
 * {@code neigh_modify every N delay D check yes|no}. At step s with the list built at step b
 * (ago = s − b), a rebuild is considered when ago ≥ {@code delay} and ago is a multiple of
 * {@code every}; it happens then if {@code check} is false, or if some atom moved more than
 * skin/2 since the build (or the cell changed). Between considerations the list is kept even if
 * atoms moved farther (LAMMPS's "dangerous builds"): with {@code check = false} the skin must be
 * large enough for {@code every} steps, as it is in LAMMPS's bench/in.lj ({@code every 20 check no}).
 * {@link #SAFE} ({@code every 1 delay 0 check yes}, LAMMPS's default) never misses a pair.
 */
public record NeighborUpdate(int every, int delay, boolean check) {
    /** every 1, delay 0, check yes: rebuild exactly when an atom moved skin/2 or the cell changed. */
    public static final NeighborUpdate SAFE = new NeighborUpdate(1, 0, true);

    public NeighborUpdate {
        if (every < 1) throw new IllegalArgumentException("neighbour update: every = " + every + "; give every >= 1 (steps)");
        if (delay < 0) throw new IllegalArgumentException("neighbour update: delay = " + delay + "; give delay >= 0 (steps)");
        if (delay % every != 0) {
            throw new IllegalArgumentException("neighbour update: delay = " + delay + " is not a multiple of every = " + every
                    + "; give delay 0 or a multiple of every (as LAMMPS's neigh_modify requires)");
        }
    }

    /** True when a list built {@code ago} steps before is up for a rebuild (before the distance check). */
    public boolean considers(long ago) { return ago >= delay && ago % every == 0; }
}
