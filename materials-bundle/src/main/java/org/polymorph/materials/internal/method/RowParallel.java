package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.ForceTangents;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * A potential's fused kernel on several threads: the neighbour list is cut into blocks of rows
 * (atoms i with about equal numbers of entries), each thread evaluates the kernel on a list that
 * keeps only its rows, and energies, forces and virials are summed. Exact for kernels whose energy
 * is a sum over rows i of terms built from i's row alone (pair styles over half lists; sw, tersoff,
 * edip over full lists), whose providers say so ({@link PotentialProvider#rowDecomposable()}); not for
 * eam, whose density of atom j also collects rows i ≠ j of a half list. Results differ from one thread only in the
 * order of the final sums (rounding). {@link #close()} stops the threads. A kernel with second derivatives keeps them:
 * its Hessian products split by the same rows ({@link Products}), each block into its own buffers, summed, and so does a
 * kernel's walk of force and tangents at once ({@link Carrying}).
 */
public class RowParallel implements Potential, AutoCloseable {
    private final Potential inner;
    private final int threads;
    private final ExecutorService pool;

    /** Whether the provider of {@code pot}'s style in {@code catalog} says its kernel decomposes by rows (checked against one thread in RowParallelTest). */
    public static boolean splits(PotentialCatalog catalog, Potential pot) {
        return catalog.find(pot.style()).map(PotentialProvider::rowDecomposable).orElse(false);
    }

    /** {@code inner} on {@code threads} threads; an IllegalArgumentException when its style does not decompose by rows. */
    public static RowParallel of(PotentialCatalog catalog, Potential inner, int threads) {
        if (!splits(catalog, inner)) {
            throw new IllegalArgumentException("threads > 1: pair style " + inner.style() + " does not decompose by neighbour-list rows; use one of "
                    + catalog.styles(PotentialProvider::rowDecomposable) + " or threads=1");
        }
        if (inner instanceof ForceTangents && inner instanceof SecondOrder) return new Carrying(inner, threads);
        return inner instanceof SecondOrder ? new Products(inner, threads) : new RowParallel(inner, threads);
    }

    /** The row blocks of {@code nl} for the threads: atoms i with about equal numbers of entries. */
    List<NeighborList> blocks(NeighborList nl) {
        int n = nl.atoms();
        int[] off = nl.offsets();
        long total = nl.pairs();
        List<NeighborList> blocks = new ArrayList<>();
        int start = 0;
        for (int c = 0; c < threads && start < n; c++) {
            long target = total * (c + 1) / threads;
            int end = c == threads - 1 ? n : start;
            while (end < n && off[end] < target) end++;
            if (end <= start) continue;
            blocks.add(rows(nl, start, end));
            start = end;
        }
        return blocks;
    }

    /** Runs {@code work} on every block, the first on the calling thread, and returns the results in block order. */
    <T> List<T> each(List<NeighborList> blocks, java.util.function.Function<NeighborList, T> work) {
        List<Future<T>> parts = new ArrayList<>();
        for (NeighborList rows : blocks.subList(1, blocks.size())) parts.add(pool.submit(() -> work.apply(rows)));
        List<T> out = new ArrayList<>();
        out.add(work.apply(blocks.get(0)));
        try {
            for (Future<T> p : parts) out.add(p.get());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("force evaluation interrupted", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(ex.getCause());
        }
        return out;
    }

    /** A row-parallel kernel that has second derivatives: its products split by rows as its forces do. */
    static class Products extends RowParallel implements SecondOrder {
        private final SecondOrder so;

        Products(Potential inner, int threads) {
            super(inner, threads);
            this.so = (SecondOrder) inner;
        }

        @Override public int parameterCount() { return so.parameterCount(); }

        @Override
        public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
            List<double[][]> parts = each(blocks(nl), rows -> {
                double[] x = new double[outX.length], pr = outP == null ? null : new double[outP.length];
                so.hessianProduct(atoms, rows, dX, dp, x, pr);
                return new double[][] {x, pr};
            });
            for (double[][] part : parts) {
                add(part[0], outX);
                if (outP != null) add(part[1], outP);
            }
        }

        @Override
        public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
            List<double[][]> parts = each(blocks(nl), rows -> {
                double[][] x = new double[outX.length][outX[0].length];
                so.hessianProducts(atoms, rows, dX, dp, x);
                return x;
            });
            for (double[][] part : parts) for (int b = 0; b < outX.length; b++) add(part[b], outX[b]);
        }

        static void add(double[] from, double[] to) {
            for (int k = 0; k < to.length; k++) to[k] += from[k];
        }
    }

    /**
     * A row-parallel kernel that also walks force and tangents at once ({@link ForceTangents}, forward mode carried with a
     * trajectory): each block walks its rows into its own force [3N] and tangent [3kN] buffers, summed in block order.
     */
    static final class Carrying extends Products implements ForceTangents {
        private final ForceTangents ft;

        private Carrying(Potential inner, int threads) {
            super(inner, threads);
            this.ft = (ForceTangents) inner;
        }

        @Override
        public void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
            List<double[][]> parts = each(blocks(nl), rows -> {
                double[] t = new double[outT.length], f = forces == null ? null : new double[forces.length];
                ft.forceAndTangents(atoms, rows, k, dT, dp, t, f);
                return new double[][] {t, f};
            });
            for (double[][] part : parts) {
                add(part[0], outT);
                if (forces != null) add(part[1], forces);
            }
        }
    }

    RowParallel(Potential inner, int threads) {
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
        double[] f = new double[3 * atoms.size()];
        double[] w = new double[6];
        double e = 0;
        for (Evaluation ev : each(blocks(nl), rows -> inner.compute(atoms, rows))) e += add(ev, f, w);
        return new Evaluation(e, f, w);
    }

    /** Adds a block's forces [3N] and virial [6] to f and w (forces read in place); returns its energy. */
    private static double add(Evaluation ev, double[] f, double[] w) {
        for (int i = 0, n = ev.atoms(); i < n; i++) {
            f[3 * i] += ev.force(i, 0);
            f[3 * i + 1] += ev.force(i, 1);
            f[3 * i + 2] += ev.force(i, 2);
        }
        double[] pw = ev.virial();
        for (int k = 0; k < 6; k++) w[k] += pw[k];
        return ev.energy();
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
