package org.polymorph.materials.potential;

import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * The half-list pair walk of the pair and embedded-atom kernels (Morse, soft sphere, coul/dsf, BKS,
 * EAM, Gupta): visits each pair with r &lt; cutoff, r_ij = x[l] − x[i] over the list's ghost atoms
 * (= r_j + S·h − r_i), j the atom behind l.
 */
public final class HalfListWalk {
    public interface Visitor {
        /** Pair i → j (or extended atom l) at distance r with r_ij = (dx, dy, dz) (Å). */
        void visit(int i, int j, double r, double dx, double dy, double dz);
    }

    private final String style;
    private final NeighborList nl;
    private final double rc2;
    private final double[] x;   // extended positions by axis [N + G]
    private final double[] y;
    private final double[] z;

    public HalfListWalk(String style, Atoms atoms, NeighborList nl, double cutoff) {
        this.style = style;
        this.nl = nl;
        this.rc2 = cutoff * cutoff;
        Ghosts g = nl.ghosts();
        x = new double[g.extended()];
        y = new double[g.extended()];
        z = new double[g.extended()];
        g.positions(atoms, x, y, z);
    }

    public void forEach(Visitor v) {
        int[] owner = nl.ghosts().owner();
        int n = nl.atoms();
        forEachExtended((i, l, r, dx, dy, dz) -> v.visit(i, l < n ? l : owner[l - n], r, dx, dy, dz));
    }

    /**
     * As {@link #forEach}, naming the list's extended atom l (an atom itself, l &lt; N, or ghost l − N) instead of the
     * atom behind it: what a second-order kernel accumulates into (products in extended coordinates, {@link SecondOrder}).
     */
    public void forEachExtended(Visitor v) {
        int[] local = nl.ghosts().local();
        int[] owner = nl.ghosts().owner();
        int n = nl.atoms();
        for (int i = 0; i < n; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int l = local[k];
                double dx = x[l] - x[i];
                double dy = y[l] - y[i];
                double dz = z[l] - z[i];
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                if (r2 == 0) throw PairSum.overlap(style, i, l < n ? l : owner[l - n]);
                v.visit(i, l, Math.sqrt(r2), dx, dy, dz);
            }
        }
    }
}
