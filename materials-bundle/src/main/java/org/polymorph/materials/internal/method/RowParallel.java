package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * A potential's fused kernel on several threads: the neighbour list is cut into blocks of rows
 * (atoms i with about equal numbers of entries), each thread evaluates the kernel on a list that
 * keeps only its rows, and energies, forces and virials are summed. Exact for kernels whose energy
 * is a sum over rows i of terms built from i's row alone (pair styles over half lists; sw, tersoff,
 * edip over full lists), which are the styles in {@link #ROW_LOCAL}; not for eam, whose density
 * of atom j also collects rows i ≠ j of a half list. Results differ from one thread only in the
 * order of the final sums (rounding). {@link #close()} stops the threads.
 */
final class RowParallel implements Potential, AutoCloseable {
    /** Styles whose kernels decompose by rows (checked against one thread in RowParallelTest). */
    static final Set<String> ROW_LOCAL = Set.of("lj/cut", "morse", "soft_sphere", "sw", "tersoff", "edip");

    private final Potential inner;
    private final int threads;
    private final ExecutorService pool;

    RowParallel(Potential inner, int threads) {
        if (!ROW_LOCAL.contains(inner.style())) {
            throw new IllegalArgumentException("threads > 1: pair style " + inner.style() + " does not decompose by neighbour-list rows; use one of "
                    + ROW_LOCAL + " or threads=1");
        }
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; give at least 1");
        this.inner = inner;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "md-force-" + inner.style());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public String style() { return inner.style(); }
    @Override public double cutoff() { return inner.cutoff(); }
    @Override public boolean needsFullList() { return inner.needsFullList(); }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        int n = nl.atoms();
        int[] off = nl.offsets();
        long total = nl.pairs();
        List<Future<Evaluation>> parts = new ArrayList<>();
        int start = 0;
        for (int c = 0; c < threads && start < n; c++) {
            long target = total * (c + 1) / threads;
            int end = c == threads - 1 ? n : start;
            while (end < n && off[end] < target) end++;
            if (end <= start) continue;
            NeighborList rows = rows(nl, start, end);
            parts.add(pool.submit(() -> inner.compute(atoms, rows)));
            start = end;
        }
        double e = 0;
        double[] f = new double[3 * atoms.size()];
        double[] w = new double[6];
        try {
            for (Future<Evaluation> p : parts) {
                Evaluation ev = p.get();
                e += ev.energy();
                double[] pf = ev.forces();
                for (int k = 0; k < f.length; k++) f[k] += pf[k];
                double[] pw = ev.virial();
                for (int k = 0; k < 6; k++) w[k] += pw[k];
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("force evaluation interrupted", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(ex.getCause());
        }
        return new Evaluation(e, f, w);
    }

    /** The list with the rows outside [start, end) emptied (entries shared, offsets rewritten). */
    private static NeighborList rows(NeighborList nl, int start, int end) {
        int[] off = nl.offsets();
        int[] o = new int[off.length];
        for (int i = 0; i < off.length; i++) o[i] = off[Math.min(Math.max(i, start), end)];
        // rows before start: o = off[start] (empty); rows in range: off[i]; rows after end: off[end] (empty)
        return new NeighborList(o, nl.neighbors(), nl.shifts(), nl.half(), nl.cutoff(), nl.skin(), nl.referencePositions(), nl.referenceBox(),
                nl.ghosts());
    }

    @Override
    public Var energy(Ops ops, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        return inner.energy(ops, positions, cell, params, atoms, nl);
    }

    @Override public Object parameters(Ops ops) { return inner.parameters(ops); }

    @Override public void close() { pool.shutdownNow(); }
}
