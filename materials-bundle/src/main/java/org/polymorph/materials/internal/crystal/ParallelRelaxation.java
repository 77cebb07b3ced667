package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;
import org.polymorph.materials.structure.Atoms;

/**
 * Subcell relaxations on a pool of threads, results in the order of the subcells whatever order the threads finish in
 * (each relaxation is single-threaded and independent, so results do not depend on the thread count). {@link #close()}
 * stops the threads.
 */
final class ParallelRelaxation implements AutoCloseable {
    private final SubcellRelaxer relaxer;
    private final ExecutorService pool;

    /** {@code threads}: 0 for all processors. */
    ParallelRelaxation(SubcellRelaxer relaxer, int threads) {
        this.relaxer = relaxer;
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "crystal-predict-relax");
            t.setDaemon(true);
            return t;
        });
    }

    /** The outcomes of {@code subcells}, in their order; a CancelledException when cancelled before all ran (the finished ones are lost). */
    List<SubcellRelaxer.Outcome> relax(List<Atoms> subcells, Progress progress) {
        List<Future<SubcellRelaxer.Outcome>> futures = new ArrayList<>();
        for (Atoms a : subcells) futures.add(pool.submit(() -> {
            if (progress.cancelled()) throw new CancelledException("cancelled before relaxing a subcell");
            return relaxer.relax(a);
        }));
        List<SubcellRelaxer.Outcome> out = new ArrayList<>();
        try {
            for (Future<SubcellRelaxer.Outcome> f : futures) out.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new CancelledException("interrupted while relaxing subcells");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    @Override public void close() { pool.shutdownNow(); }
}
