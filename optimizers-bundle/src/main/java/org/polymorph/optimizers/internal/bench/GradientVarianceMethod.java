package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.internal.meta.OneTruncation;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * {@code lopt.gradient_variance}: the learned-optimizer experiment of "Gradients are not all you need" (Metz et al. 2021,
 * arXiv 2111.05803, §3.2 and Fig. 3c): at a fixed θ, on one fixed batch of a task, the variance over samples of the meta-gradient
 * of an unroll of T inner steps, by backpropagation through the unroll (truncated BPTT's estimate) and by antithetic ES
 * (PES's estimate on a one-truncation unroll), for T = unroll_min, 2·unroll_min, ..., unroll_max (meta-training's
 * estimators through {@link OneTruncation}; the meta-loss is the mean per-step loss, clipped for image tasks as there).
 * Sample s starts from the task's parameters {@code init(RandomKey.of(s))}; ES draws its perturbations from
 * {@code RandomKey.of(s).foldIn(T)} ({@link OneTruncation#es}). The variance is the trace of the sample covariance, {@code Σ_j var_s(g_sj)}.
 * The fixed θ by default is learnable_adam's with lr = 1 and ε = 1: for |g| ≪ 1 its step −lr·m̂/(√v̂ + ε) is momentum
 * SGD's (β1 = 0.9) with learning rate lr; {@code step_scale} multiplies every update ({@link ScaledStep}), the
 * learning-rate scale of the paper's sweep. On the fixed batch of image_mlp_fashion_mnist8_relu32, step_scale 1 trains
 * smoothly (BPTT's variance stays below ES's) and step_scale 3 trains stably (the mean loss falls with T) but through
 * a chaotic transient, where BPTT's variance grows by orders of magnitude per doubling of T and overtakes ES's, which
 * the clipped meta-loss bounds. Writes variance.csv and variance.png (log2 T against log10 variance, the first T where
 * BPTT's variance exceeds ES's marked). BPTT's cost grows with T (each step's inner gradient is differentiated again),
 * so unroll_max is capped at 1,024; on a laptop-class CPU 256 takes minutes.
 */
public final class GradientVarianceMethod implements Method {
    private static final int MAX_UNROLL = 1024;

    private final BenchServices services;

    @Inject
    public GradientVarianceMethod(BenchServices services) { this.services = services; }

    @Override public String id() { return "lopt.gradient_variance"; }

    @Override public String description() {
        return "variance of the meta-gradient of a learned optimizer against unroll length: backpropagation through the unroll"
                + " (truncated BPTT) vs antithetic ES (PES on one truncation), fixed theta and batch; variance.csv, variance.png";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("task", "image_mlp_fashion_mnist8_relu32", "registered optimization task"),
                ParamSpec.text("optimizer", "learnable_adam", "learned:<file>, or a learned-optimizer architecture at its initial theta"),
                ParamSpec.text("config", "initial_learning_rate=1,initial_epsilon=1",
                        "an architecture's hyper-parameters, key=number,... (e.g. step_mult=0.01); empty: its defaults"),
                ParamSpec.real("step_scale", 3.0, "", 1e-9, 1e9, "multiplies every update of the optimizer at its fixed theta (the"
                        + " learning-rate scale: 1 smooth, 3 chaotic for the default optimizer)"),
                ParamSpec.integer("unroll_min", 8, "steps", 1, MAX_UNROLL, "shortest unroll, a power of 2"),
                ParamSpec.integer("unroll_max", 128, "steps", 1, MAX_UNROLL, "longest unroll, a power of 2 (<= 1024)"),
                ParamSpec.integer("samples", 8, "", 2, 10_000, "samples of each estimator per unroll length"),
                ParamSpec.real("sigma", 0.01, "", 1e-8, 10, "ES perturbation standard deviation"),
                ParamSpec.integer("es_pairs", 1, "", 1, 10_000, "antithetic pairs averaged in one ES sample"),
                ParamSpec.integer("batch_seed", 0, "", 0, Integer.MAX_VALUE, "the fixed batch is batch 0 of the task's stream from this seed"),
                ParamSpec.bool("checkpoint", true, "sqrt(T) checkpointing of the backpropagation (same gradient, less memory)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws IOException {
        int lo = power(p, "unroll_min"), hi = power(p, "unroll_max");
        if (hi < lo) throw BadInputException.forParam("unroll_max", hi, "below unroll_min = " + lo, "give unroll_max >= unroll_min");
        AD ad = services.ad();
        OptimizationTask task = services.task("task", p.getString("task"));
        LearnedSpec lopt = services.learned(p.getString("optimizer"), "optimizer", p.getString("config"));
        double scale = p.getDouble("step_scale");
        LearnedOptimizer scaled = ScaledStep.of(lopt.optimizer(), scale);
        String name = scale == 1 ? lopt.name() : lopt.name() + String.format(Locale.ROOT, " x %.4g", scale);
        Object theta = lopt.theta(ad.ops());
        OptimizationTask fixed = new FixedBatchTask(task, task.batches(ad.ops().tensors(), RandomKey.of(p.getInt("batch_seed"))).batch(0));
        int samples = p.getInt("samples");
        StringBuilder csv = new StringBuilder("unroll,estimator,variance,mean_gradient_norm_squared,mean_meta_loss,seconds\n");
        List<Double> ts = new ArrayList<>(), bpttVar = new ArrayList<>(), esVar = new ArrayList<>(), loss = new ArrayList<>();
        Map<String, Object> table = new LinkedHashMap<>();
        int done = 0, total = (Integer.numberOfTrailingZeros(hi) - Integer.numberOfTrailingZeros(lo) + 1) * samples;
        for (int t = lo; t <= hi; t *= 2, done += samples) {
            OneTruncation mg = new OneTruncation(ad, fixed, scaled, RandomKey.of(0), t);
            Sampled b = new Sampled(samples), e = new Sampled(samples);
            for (int s = 0; s < samples; s++) {
                progress.update(done + s, total, "lopt.gradient_variance: unroll " + t + ", sample " + s);
                Object p0 = task.init(ad.ops(), RandomKey.of(s));
                long t0 = System.nanoTime();
                b.add(s, mg.bptt(theta, p0, p.getBoolean("checkpoint")), System.nanoTime() - t0);
                long t1 = System.nanoTime();
                e.add(s, mg.es(theta, p0, p.getDouble("sigma"), p.getInt("es_pairs"), RandomKey.of(s).foldIn(t)), System.nanoTime() - t1);
                progress.checkCancelled("lopt.gradient_variance: unroll " + t + ", sample " + s);
            }
            Spread sb = Spread.of(b.grads), se = Spread.of(e.grads);
            csv.append(String.format(Locale.ROOT, "%d,bptt,%.9g,%.9g,%.9g,%.4g%n", t, sb.variance(), sb.meanNormSquared(), b.meanLoss(), b.meanSeconds()));
            csv.append(String.format(Locale.ROOT, "%d,es,%.9g,%.9g,%.9g,%.4g%n", t, se.variance(), se.meanNormSquared(), e.meanLoss(), e.meanSeconds()));
            ts.add((double) t);
            bpttVar.add(sb.variance());
            esVar.add(se.variance());
            loss.add(b.meanLoss());
            table.put(String.valueOf(t), Map.of("bptt", sb.variance(), "es", se.variance(), "mean_loss", b.meanLoss()));
        }
        return report(dir, name, task.name(), csv, ts, bpttVar, esVar, loss, table);
    }

    /** The samples of one estimator at one unroll length: gradients [S][D], Σ meta-losses, Σ ns. */
    private static final class Sampled {
        final double[][] grads;
        double loss;
        long nanos;

        Sampled(int n) { grads = new double[n][]; }

        void add(int s, OneTruncation.Estimate e, long ns) {
            grads[s] = e.grad();
            loss += e.metaLoss();
            nanos += ns;
        }

        double meanLoss() { return loss / grads.length; }

        double meanSeconds() { return nanos / 1e9 / grads.length; }
    }

    private static Result report(RunDirectory dir, String lopt, String task, StringBuilder csv, List<Double> ts, List<Double> bptt,
                                 List<Double> es, List<Double> loss, Map<String, Object> table) throws IOException {
        double[] x = ts.stream().mapToDouble(v -> Math.log(v) / Math.log(2)).toArray();
        Integer crossing = null;
        for (int i = 0; i < ts.size() && crossing == null; i++) if (!(bptt.get(i) <= es.get(i))) crossing = ts.get(i).intValue();
        Result.Builder r = Result.builder().put("task", task).put("optimizer", lopt).put("variance", table)
                .put("bptt_above_es_from_unroll", crossing);
        r.summary("meta-gradient variance (trace of covariance) by unroll length, " + lopt + " on " + task + ":");
        for (int i = 0; i < ts.size(); i++) {
            r.summary(String.format(Locale.ROOT, "  T = %4d: BPTT %.4g, ES %.4g (mean training loss over the unroll %.4g)",
                    ts.get(i).intValue(), bptt.get(i), es.get(i), loss.get(i)));
        }
        r.summary(crossing == null ? "BPTT's variance stays at or below ES's over these unrolls"
                : "BPTT's variance exceeds ES's from T = " + crossing + " on (or is not finite there)");
        if (dir != null) {
            dir.writeString("variance.csv", csv.toString());
            Plot.Panel panel = new Plot.Panel("meta-gradient variance, " + lopt + " on " + task, "log2 unroll length T",
                    "trace of covariance").logY();
            panel.linePoints("truncated BPTT", x, bptt.stream().mapToDouble(Double::doubleValue).toArray());
            panel.linePoints("ES / PES (one truncation)", x, es.stream().mapToDouble(Double::doubleValue).toArray());
            double lo = Math.min(min(bptt), min(es)), hi = Math.max(max(bptt), max(es));
            if (crossing != null && Double.isFinite(lo) && Double.isFinite(hi)) {
                double lx = Math.log(crossing) / Math.log(2);
                panel.add("BPTT above ES from T = " + crossing, new double[] {lx, lx}, new double[] {lo, hi});
            }
            dir.writeBytes("variance.png", Plot.png(List.of(panel)));
            r.summary("variance.csv and variance.png in " + dir.path());
        }
        return r.build();
    }

    /** The least positive finite value (the log axis leaves out the others); NaN when none. */
    private static double min(List<Double> v) {
        return v.stream().filter(d -> d > 0 && Double.isFinite(d)).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The largest finite value; NaN when none. */
    private static double max(List<Double> v) {
        return v.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static int power(Params p, String name) {
        int v = p.getInt(name);
        if (Integer.bitCount(v) != 1) {
            throw BadInputException.forParam(name, v, "not a power of 2", "give " + Integer.highestOneBit(v) + " or " + (Integer.highestOneBit(v) * 2));
        }
        return v;
    }

    /** The spread of S gradient samples [S][D]: trace of the sample covariance (divisor S − 1) and the mean of |g|². */
    record Spread(double variance, double meanNormSquared) {
        static Spread of(double[][] g) {
            int s = g.length, d = g[0].length;
            double var = 0, norm = 0;
            for (int j = 0; j < d; j++) {
                double mean = 0;
                for (double[] row : g) mean += row[j] / s;
                for (double[] row : g) var += (row[j] - mean) * (row[j] - mean) / (s - 1);
            }
            for (double[] row : g) for (double v : row) norm += v * v / s;
            return new Spread(var, norm);
        }
    }
}
