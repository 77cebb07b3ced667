package org.polymorph.materials.internal.crystal;

import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;

/** The closest approach of two atoms, periodic images included, as jax-md's a2c measures packings and fused subcells. */
final class Distances {
    /** Pairs closer than this (Å) are the same site (jax-md's distance_tolerance) and not counted. */
    static final double SAME_SITE = 1e-4;

    private Distances() { }

    /** The smallest distance (Å) between two atoms or an atom and another's image, looked for up to {@code range} Å; +∞ when none is closer. */
    static double closest(Atoms atoms, double range) {
        NeighborList nl = new NeighborListBuilder(range, 0, true).build(atoms);
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < nl.atoms(); i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                double d = Math.sqrt(nl.squaredDistance(i, e, r, h));
                if (d > SAME_SITE && d < best) best = d;
            }
        }
        return best;
    }
}
