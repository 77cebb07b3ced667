package org.polymorph.optimizers.internal.meta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/** A quadratic whose meta-gradients are known in closed form, and SGD with a learnable log learning rate. */
final class MetaFixtures {
    private MetaFixtures() { }

    /** L(x) = ½ Σ a_i x_i², x starting at x0 whatever the key (family "test_quadratic": no clipping). */
    record Quadratic(double[] a, double[] x0) implements OptimizationTask {
        @Override public String name() { return "test_quadratic"; }
        @Override public String family() { return "test_quadratic"; }
        @Override public String description() { return "1/2 sum a_i x_i^2"; }
        @Override public long parameterCount() { return a.length; }
        @Override public Object init(Ops ops, RandomKey key) { return ops.constant(x0.clone(), x0.length); }
        @Override public Var loss(Ops ops, Object params, Object batch) {
            Var x = (Var) params;
            return x.square().mul(ops.constant(a.clone(), a.length)).sum().mul(0.5);
        }
        @Override public BatchStream batches(TensorService ts, RandomKey key) { return BatchStream.NONE; }

        /**
         * d/d log η of the mean over steps k = 0..K-1 of L(x_k), x_k = (1 − η a)^k x0 (SGD, the loss taken before
         * each update): η (1/K) Σ_k Σ_i ½ a_i x0_i² · 2k (1 − η a_i)^{2k−1} · (−a_i).
         */
        double meanLossGradient(double eta, int k) {
            double g = 0;
            for (int step = 1; step < k; step++) {
                for (int i = 0; i < a.length; i++) {
                    double r = 1 - eta * a[i];
                    g += 0.5 * a[i] * x0[i] * x0[i] * 2 * step * Math.pow(r, 2 * step - 1) * -a[i];
                }
            }
            return eta * g / k;
        }

        /** The mean over steps k = 0..K-1 of L(x_k). */
        double meanLoss(double eta, int k) {
            double l = 0;
            for (int step = 0; step < k; step++) {
                for (int i = 0; i < a.length; i++) l += 0.5 * a[i] * x0[i] * x0[i] * Math.pow(1 - eta * a[i], 2 * step);
            }
            return l / k;
        }
    }

    /** SGD with θ = {log_lr}: u = −exp(θ) g. */
    record LearnableSgd(double lr) implements LearnedOptimizer {
        /** SGD's state: the step count only. */
        public record State(Var count) implements OptState { }

        @Override public String architecture() { return "test_sgd"; }
        @Override public Map<String, Object> config() { return Map.of("lr", lr); }
        @Override public Object initMetaParams(Ops ops, RandomKey key) {
            Map<String, Var> m = new LinkedHashMap<>();
            m.put("log_lr", ops.scalar(DType.FLOAT64, Math.log(lr)));
            return m;
        }
        @Override public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
            Var eta = ((Var) ((Map<?, ?>) theta).get("log_lr")).exp();
            return new Optimizer() {
                @Override public Ops ops() { return ops; }
                @Override public OptState init(Object params) { return new State(ops.scalar(DType.INT64, 0)); }
                @Override public Update update(Object grads, OptState state, Object params) {
                    return new Update(Trees.map(grads, ops, g -> g.mul(eta).neg()), new State(ops.scalar(DType.INT64, state.step() + 1)));
                }
            };
        }
    }

    static TaskDistribution fixedLength(OptimizationTask task, long length) {
        return new TaskDistribution(List.of(task), new LogUniformLengthSchedule(length, length), 0);
    }
}
