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
            if (nl == null || stale(nl, atoms)) nl = build(atoms);
        }
        Evaluation ev = potential.compute(atoms, nl);
        return new Computed(ev, nl);
    }

    /**
     * The skin criterion. Same cell: {@code NeighborListBuilder.needsRebuild}. Changed cell (NPT, cell
     * relaxation): write the change as r' = r·M with M = h_ref⁻¹·h; a pair missing from the list was
     * at least rc + skin apart, and is now at least (rc + skin)(1 − ‖M − I‖_F) − 2·max_i |r_i − r_ref,i·M|
     * apart, so the list stays valid while that bound is ≥ rc.
     */
    private boolean stale(NeighborList nl, Atoms atoms) {
        Box box = atoms.box();
        double[] r = atoms.positions();
        Box ref = nl.referenceBox();
        if (box.equals(ref)) return builder.needsRebuild(nl, r, box);
        if (!java.util.Arrays.equals(box.periodic(), ref.periodic()) || r.length != nl.referencePositions().length) return true;
        double[] m = Box.matmul(ref.inverse(), box.h());
        double dev = 0;
        for (int k = 0; k < 9; k++) dev += (m[k] - (k % 4 == 0 ? 1 : 0)) * (m[k] - (k % 4 == 0 ? 1 : 0));
        double range = (nl.cutoff() + nl.skin()) * (1 - Math.sqrt(dev));
        double[] r0 = nl.referencePositions();
        double worst = 0;
        for (int i = 0; i < r.length; i += 3) {
            double d2 = 0;
            for (int j = 0; j < 3; j++) {
                double d = r[i + j] - (r0[i] * m[j] + r0[i + 1] * m[3 + j] + r0[i + 2] * m[6 + j]);
                d2 += d * d;
            }
            worst = Math.max(worst, d2);
        }
        return range - 2 * Math.sqrt(worst) < nl.cutoff();
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
