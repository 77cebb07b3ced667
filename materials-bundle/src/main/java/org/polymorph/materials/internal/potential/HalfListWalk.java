package org.polymorph.materials.internal.potential;

import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/** The half-list pair walk of the many-body kernels (EAM, Gupta): visits each pair with r < cutoff, r_ij = r_j + S·h − r_i. */
final class HalfListWalk {
    interface Visitor {
        /** Pair i → j at distance r with r_ij = (dx, dy, dz) (Å). */
        void visit(int i, int j, double r, double dx, double dy, double dz);
    }

    private final String style;
    private final Atoms atoms;
    private final NeighborList nl;
    private final double rc2;

    HalfListWalk(String style, Atoms atoms, NeighborList nl, double cutoff) {
        this.style = style;
        this.atoms = atoms;
        this.nl = nl;
        this.rc2 = cutoff * cutoff;
    }

    void forEach(Visitor v) {
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        for (int i = 0; i < atoms.size(); i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int j = nb[k];
                double dx = r[3 * j] - r[3 * i] + s[3 * k] * h[0] + s[3 * k + 1] * h[3] + s[3 * k + 2] * h[6];
                double dy = r[3 * j + 1] - r[3 * i + 1] + s[3 * k] * h[1] + s[3 * k + 1] * h[4] + s[3 * k + 2] * h[7];
                double dz = r[3 * j + 2] - r[3 * i + 2] + s[3 * k] * h[2] + s[3 * k + 1] * h[5] + s[3 * k + 2] * h[8];
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                if (r2 == 0) throw PairSum.overlap(style, i, j);
                v.visit(i, j, Math.sqrt(r2), dx, dy, dz);
            }
        }
    }
}
