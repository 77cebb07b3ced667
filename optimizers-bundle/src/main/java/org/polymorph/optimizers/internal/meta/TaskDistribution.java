package org.polymorph.optimizers.internal.meta;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The inner problems of meta-training, as learned_optimization's {@code VectorizedLOptTruncatedStep}
 * draws them: a task picked uniformly from {@code tasks}, an episode length from {@code lengths}, fresh
 * task parameters, and for a member's first episode a random initial iteration in
 * [0, {@code initialOffset}) so that the population's episodes do not all end together.
 */
record TaskDistribution(List<OptimizationTask> tasks, LogUniformLengthSchedule lengths, long initialOffset) {
    TaskDistribution {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) throw new IllegalArgumentException("task distribution: no tasks");
        if (initialOffset < 0) throw new IllegalArgumentException("task distribution: initial offset " + initialOffset + " < 0");
    }

    OptimizationTask task(InnerState s) { return tasks.get(s.task()); }

    MetaLoss metaLoss(InnerState s) { return MetaLoss.of(task(s)); }

    /**
     * A new episode drawn from {@code key} alone: draws 0-4 of its children pick the task, the length, the
     * parameters, the initial iteration (first episodes only) and the data order.
     */
    InnerState start(Ops ops, LearnedOptimizer lopt, Frozen theta, RandomKey key, long episode, boolean first) {
        int t = (int) Math.min(tasks.size() - 1, (long) (key.foldIn(0).uniform(0) * tasks.size()));
        OptimizationTask task = tasks.get(t);
        long length = lengths.sample(key.foldIn(1));
        Object params = task.init(ops, key.foldIn(2));
        OptState state = lopt.optimizer(ops, theta.thaw(ops), length).init(params);
        long iteration = first && initialOffset > 0
                ? Math.min(length - 1, (long) (key.foldIn(3).uniform(0) * initialOffset)) : 0;
        return new InnerState(t, key.foldIn(4), episode, iteration, length, Frozen.of(params, ops), Frozen.of(state, ops));
    }

    /** The batches of the episode of {@code s}. */
    OptimizationTask.BatchStream stream(TensorService ts, InnerState s) {
        return task(s).batches(ts, s.dataKey());
    }
}
