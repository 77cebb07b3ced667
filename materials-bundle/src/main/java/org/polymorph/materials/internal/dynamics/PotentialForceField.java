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
 * asks. Positions are never wrapped: the builder's image shifts refer to the unwrapped positions,
 * however far atoms have diffused.
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

    /** The builder wraps atoms into the cell itself; shifts refer to the unwrapped positions given. */
    private NeighborList build(Atoms atoms) { return builder.build(atoms); }
}
