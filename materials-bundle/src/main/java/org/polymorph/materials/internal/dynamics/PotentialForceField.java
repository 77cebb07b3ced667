package org.polymorph.materials.internal.dynamics;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * A Potential's fused kernel over a neighbour list that is rebuilt only when the skin criterion
 * asks. In a fully periodic cell the list is built from positions wrapped into the cell and its
 * image shifts are then corrected by the integer offsets (S' = S + n_i − n_j for r = r_wrapped + n·h),
 * so it refers to the unwrapped positions however far atoms have diffused.
 */
public final class PotentialForceField implements ForceField {
    private final Potential potential;
    private final NeighborListBuilder builder;

    public PotentialForceField(Potential potential, double skin) {
        if (potential == null) throw new IllegalArgumentException("force field: potential is null");
        this.potential = potential;
        this.builder = new NeighborListBuilder(potential.cutoff(), skin, !potential.needsFullList());
    }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous) {
        NeighborList nl = previous;
        synchronized (builder) {
            if (nl == null || builder.needsRebuild(nl, atoms.positions(), atoms.box())) nl = build(atoms);
        }
        Evaluation ev = potential.compute(atoms, nl);
        return new Computed(ev, nl);
    }

    private NeighborList build(Atoms atoms) {
        Box box = atoms.box();
        if (!(box.periodic(0) && box.periodic(1) && box.periodic(2))) return builder.build(atoms);
        double[] r = atoms.positions();
        double[] h = box.h();
        double[] hi = box.inverse();
        int n = atoms.size();
        int[] off = new int[3 * n];
        double[] w = r.clone();
        boolean moved = false;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                double s = r[3 * i] * hi[k] + r[3 * i + 1] * hi[3 + k] + r[3 * i + 2] * hi[6 + k];
                off[3 * i + k] = (int) Math.floor(s);
                moved |= off[3 * i + k] != 0;
            }
            for (int j = 0; j < 3; j++) {
                w[3 * i + j] -= off[3 * i] * h[j] + off[3 * i + 1] * h[3 + j] + off[3 * i + 2] * h[6 + j];
            }
        }
        if (!moved) return builder.build(atoms);
        NeighborList wl = builder.build(atoms.withPositions(w));
        int[] shifts = wl.shifts();
        int[] nb = wl.neighbors();
        for (int i = 0; i < n; i++) {
            for (int e = wl.start(i); e < wl.end(i); e++) {
                for (int k = 0; k < 3; k++) shifts[3 * e + k] += off[3 * i + k] - off[3 * nb[e] + k];
            }
        }
        return new NeighborList(wl.offsets(), nb, shifts, wl.half(), wl.cutoff(), wl.skin(), r, box);
    }
}
