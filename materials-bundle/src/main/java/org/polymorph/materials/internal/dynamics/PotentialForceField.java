package org.polymorph.materials.internal.dynamics;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.NeighborUpdate;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * A Potential's fused kernel over a neighbour list that is rebuilt only when the skin criterion
 * asks, or along a trajectory when the {@link NeighborUpdate} policy asks. The policy needs the
 * age of the list: the force field remembers the last list it built and its step; a list it does
 * not know (another trajectory sharing this force field, a resumed run that did not {@link #adopt}
 * its list) or a step before the build falls back to the skin criterion, which is always safe. Positions are never wrapped: the builder's
 * image shifts refer to the unwrapped positions, however far atoms have diffused.
 */
public final class PotentialForceField implements ForceField {
    private final Potential potential;
    private final NeighborListBuilder builder;
    private final NeighborUpdate update;
    private NeighborList lastBuilt;     // guarded by builder
    private long builtAt;
    private long builds;

    /** A Potential's fused kernel with a list of cutoff {@code potential.cutoff()} + {@code skin} (length units), skin criterion. */
    public static ForceField of(Potential potential, double skin) { return new PotentialForceField(potential, skin, NeighborUpdate.SAFE); }

    /**
     * The same with a rebuild policy (LAMMPS's {@code neigh_modify every/delay/check}) applied along
     * trajectories; calls without a step keep the skin criterion.
     */
    public static ForceField of(Potential potential, double skin, NeighborUpdate update) { return new PotentialForceField(potential, skin, update); }

    public PotentialForceField(Potential potential, double skin, NeighborUpdate update) {
        if (potential == null) throw new IllegalArgumentException("force field: potential is null");
        if (update == null) throw new IllegalArgumentException("force field: neighbour update policy is null; give NeighborUpdate.SAFE");
        this.potential = potential;
        this.builder = new NeighborListBuilder(potential.cutoff(), skin, !potential.needsFullList());
        this.update = update;
    }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous) {
        NeighborList nl = previous;
        synchronized (builder) {
            if (nl == null || stale(nl, atoms)) nl = build(atoms);
        }
        return new Computed(potential.compute(atoms, nl), nl);
    }

    @Override
    public Computed compute(Atoms atoms, NeighborList previous, long step) {
        NeighborList nl = previous;
        synchronized (builder) {
            if (nl == null || nl.atoms() != atoms.size() || !java.util.Arrays.equals(atoms.box().periodic(), nl.referenceBox().periodic())) {
                nl = build(atoms);
            } else if (nl == lastBuilt && step >= builtAt) {
                if (update.considers(step - builtAt) && (!update.check() || stale(nl, atoms))) nl = build(atoms);
            } else if (stale(nl, atoms)) {
                nl = build(atoms);
            }
            if (nl != previous) {
                lastBuilt = nl;
                builtAt = step;
            }
        }
        Evaluation ev = potential.compute(atoms, nl);
        return new Computed(ev, nl);
    }

    /** The step at which {@code nl} was built, if it is the last list this force field built (else −1): what a checkpoint keeps. */
    public long builtAt(NeighborList nl) {
        synchronized (builder) {
            return nl != null && nl == lastBuilt ? builtAt : -1;
        }
    }

    /** Takes {@code nl} as its own list built at {@code step} (a resumed run), so that the update schedule continues. */
    public void adopt(NeighborList nl, long step) {
        if (nl == null || step < 0) throw new IllegalArgumentException("force field: adopt needs a list and a step >= 0, got step " + step);
        synchronized (builder) {
            lastBuilt = nl;
            builtAt = step;
        }
    }

    /** Lists built so far (the count LAMMPS reports as "Neighbor list builds", plus the first). */
    public long builds() {
        synchronized (builder) {
            return builds;
        }
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
    private NeighborList build(Atoms atoms) {
        builds++;
        return builder.build(atoms);
    }
}
