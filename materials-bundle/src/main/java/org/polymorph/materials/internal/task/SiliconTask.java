package org.polymorph.materials.internal.task;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Relaxation of rattled diamond silicon with the Stillinger–Weber potential (Stillinger &amp; Weber
 * 1985, LAMMPS's Si.sw: ε 2.1683 eV, σ 2.0951 Å, a 1.80, λ 21.0, γ 1.20, cos θ₀ −1/3, A 7.049556277,
 * B 0.6022245584, p 4, q 0): the loss is the energy per atom (eV) of the flattened positions
 * {@code x [3N]} (Å) of a periodic cube of {@code cells³} conventional cells at a = 5.431 Å; the start
 * is the perfect crystal plus Gaussian displacements of {@link #RATTLE} Å from the key. The minimum is
 * the perfect crystal, −4.3366 eV/atom (−2ε). The neighbour list is rebuilt from x at every call at
 * the potential's cutoff, so the loss is a smooth function of x.
 */
final class SiliconTask implements OptimizationTask {
    /** Lattice constant (Å). */
    static final double A = 5.431;
    /** Standard deviation of the start's displacements (Å). */
    static final double RATTLE = 0.1;

    private final int cells;
    private final Potential sw = StillingerWeber.of(2.1683, 2.0951, 1.80, 21.0, 1.20, -1.0 / 3, 7.049556277, 0.6022245584, 4.0, 0.0, 0.0);
    private final Atoms crystal;

    SiliconTask(int cells) {
        this.cells = cells;
        this.crystal = Lattices.build("diamond", A, new int[] {cells, cells, cells}, "Si", 28.0855);
    }

    @Override public String name() { return "sw_silicon_" + crystal.size(); }

    @Override public String family() { return "sw_silicon"; }

    @Override public String description() {
        return "Stillinger-Weber energy per atom (eV) of " + crystal.size() + " Si atoms in a periodic " + cells + "x" + cells + "x" + cells
                + " diamond cell at a = 5.431 Å, positions [" + 3 * crystal.size() + "] (Å) rattled by 0.1 Å; minimum -4.3366 eV/atom";
    }

    @Override public long parameterCount() { return 3L * crystal.size(); }

    @Override
    public Object init(Ops ops, RandomKey key) {
        double[] x = crystal.positions();
        for (int i = 0; i < x.length; i++) x[i] += RATTLE * key.normal(i);
        return ops.constant(x, x.length);
    }

    @Override
    public Var loss(Ops ops, Object params, Object batch) {
        int n = crystal.size();
        if (!(params instanceof Var x) || x.rank() != 1 || x.dim(0) != 3 * n) {
            throw new IllegalArgumentException("task " + name() + ": params must be the positions [" + 3 * n + "] as init gives, got " + params);
        }
        Atoms at = crystal.withPositions(ops.tensors().toDoubleArray(x.value()));
        NeighborList nl = new NeighborListBuilder(sw.cutoff(), 0, !sw.needsFullList()).build(at);
        return sw.energy(ops, x.reshape(n, 3), Statics.cell(ops, at), sw.parameters(ops), at, nl).div(n);
    }

    @Override public BatchStream batches(TensorService ts, RandomKey key) { return BatchStream.NONE; }

    @Override public String toString() { return name(); }

    /** The perfect crystal's positions, flattened (Å). */
    double[] crystalPositions() { return crystal.positions(); }
}
