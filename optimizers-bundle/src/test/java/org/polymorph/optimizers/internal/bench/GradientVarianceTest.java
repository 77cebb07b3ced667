package org.polymorph.optimizers.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.internal.meta.OneTruncation;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.task.OptimizationTask;

/** The two meta-gradient estimates agree with finite differences of the unroll, and the study writes what it says. */
class GradientVarianceTest {
    private final AdTesting t = new AdTesting();
    @TempDir Path tmp;
    private static final ServiceCatalog<LearnedOptimizerArchitecture> ARCHITECTURES = BenchFixtures.ARCHITECTURES;

    private OptimizationTask quadratic() { return StandardTasks.all(tmp).get(0); }

    /** d/dh M(θ + h v) at 0 by central differences equals BPTT's gradient · v; ES's one-pair estimate is (∇M · ε) ε / σ². */
    @Test
    void bpttIsTheDerivativeOfTheUnrollAndEsItsProjection() {
        LearnedOptimizer lopt = ARCHITECTURES.get("a", "mlp_lopt").create(Map.of());
        Object theta = lopt.initMetaParams(t.o, RandomKey.of(1));
        OptimizationTask task = quadratic();
        Object p0 = task.init(t.o, RandomKey.of(2));
        OneTruncation mg = new OneTruncation(t.ad, new FixedBatchTask(task, List.of()), lopt, RandomKey.of(0), 4);
        OneTruncation.Estimate b = mg.bptt(theta, p0, true);
        assertEquals(mg.forward(theta, p0), b.metaLoss(), 1e-12);
        assertEquals(b.metaLoss(), mg.bptt(theta, p0, false).metaLoss(), 1e-12);
        assertArraysClose(b.grad(), mg.bptt(theta, p0, false).grad(), 1e-12);

        Trees.Flat flat = Trees.flatten(theta, t.o);
        List<Var> dir = new ArrayList<>();
        for (int j = 0; j < flat.leaves().size(); j++) {
            dir.add(t.o.constant(t.ts.normal(RandomKey.of(9).foldIn(j), DType.FLOAT64, flat.leaves().get(j).shape().toArray())));
        }
        double h = 1e-5;
        double fd = (mg.forward(shift(flat, dir, h), p0) - mg.forward(shift(flat, dir, -h), p0)) / (2 * h);
        double[] v = BenchFixtures.flat(dir, t.o);
        double gv = 0;
        for (int k = 0; k < v.length; k++) gv += b.grad()[k] * v[k];
        assertTrue(Math.abs(gv) > 1e-6, "a direction the meta-loss depends on: " + gv);
        assertEquals(fd, gv, 1e-6 * Math.max(1, Math.abs(fd)));

        double sigma = 1e-5;
        OneTruncation.Estimate e = mg.es(theta, p0, sigma, 1, RandomKey.of(4));
        // ES = c ε with c σ² = (M(θ+ε) − M(θ−ε)) / 2 ≈ ∇M · ε; recover ε from the estimate's direction is not needed:
        // ε_k = σ · normal drawn exactly as es() draws it (pair 0: key.foldIn(0).foldIn(0).foldIn(0), leaf j, entry k)
        List<Double> epsList = new ArrayList<>();
        for (int j = 0; j < flat.leaves().size(); j++) {
            RandomKey leaf = RandomKey.of(4).foldIn(0).foldIn(0).foldIn(0).foldIn(j);
            for (int k = 0; k < flat.leaves().get(j).size(); k++) epsList.add(sigma * leaf.normal(k));
        }
        double[] ev = epsList.stream().mapToDouble(Double::doubleValue).toArray();
        double ge = 0, ratio = e.grad()[0] / ev[0] * sigma * sigma;
        for (int k = 0; k < ev.length; k++) ge += b.grad()[k] * ev[k];
        assertEquals(ge, ratio, 1e-6 * Math.abs(ge));
        for (int k = 0; k < ev.length; k += 97) assertEquals(ratio / (sigma * sigma) * ev[k], e.grad()[k], 1e-9 * Math.abs(e.grad()[k]) + 1e-300);
    }

    @Test
    void spreadIsTheTraceOfTheSampleCovariance() {
        // samples (1, 2), (3, 2), (2, 5): var of x = 1, var of y = 3; mean |g|² = (5 + 13 + 29) / 3
        GradientVarianceMethod.Spread s = GradientVarianceMethod.Spread.of(new double[][] {{1, 2}, {3, 2}, {2, 5}});
        assertEquals(4, s.variance(), 1e-12);
        assertEquals(47 / 3.0, s.meanNormSquared(), 1e-12);
    }

    @Test
    void theStudyWritesOneRowPerUnrollAndEstimatorDeterministically() throws Exception {
        GradientVarianceMethod m = method();
        m.run(params(2, 4, ""), Progress.NONE, RunDirectory.create(tmp.resolve("a")));
        m.run(params(2, 4, ""), Progress.NONE, RunDirectory.create(tmp.resolve("b")));
        List<String> rows = Files.readAllLines(tmp.resolve("a/variance.csv"));
        assertEquals(List.of("2,bptt", "2,es", "4,bptt", "4,es"), rows.subList(1, 5).stream().map(r -> r.substring(0, r.indexOf(',', 2))).toList());
        assertEquals(strip(Files.readAllLines(tmp.resolve("b/variance.csv"))), strip(rows));
        assertTrue(Files.size(tmp.resolve("a/variance.png")) > 1000);
        BadInputException bad = assertThrows(BadInputException.class, () -> m.run(params(3, 4, ""), Progress.NONE, null));
        assertTrue(bad.getMessage().contains("unroll_min") && bad.getMessage().contains("power of 2"), bad.getMessage());
    }

    /** The rows without their timing column. */
    private static List<String> strip(List<String> rows) { return rows.stream().map(r -> r.substring(0, r.lastIndexOf(','))).toList(); }

    private GradientVarianceMethod method() {
        return new GradientVarianceMethod(BenchFixtures.services(t, ServiceCatalog.of("task", StandardTasks.all(tmp), OptimizationTask::name)));
    }

    /** config= sets the architecture's hyper-parameters (a larger step: larger meta-gradients); a bad key is bad input naming config. */
    @Test
    void configSetsTheArchitecturesHyperParameters() throws Exception {
        GradientVarianceMethod m = method();
        var plain = m.run(params(2, 2, ""), Progress.NONE, null).values();
        var big = m.run(params(2, 2, "step_mult=0.1"), Progress.NONE, null).values();
        assertEquals("notebook_mlp(step_mult=0.1)", big.get("optimizer"));
        @SuppressWarnings("unchecked") double v0 = ((Map<String, Double>) ((Map<String, Object>) plain.get("variance")).get("2")).get("bptt");
        @SuppressWarnings("unchecked") double v1 = ((Map<String, Double>) ((Map<String, Object>) big.get("variance")).get("2")).get("bptt");
        assertTrue(v1 > 10 * v0, "step_mult 0.1 vs 0.01: BPTT variance " + v1 + " vs " + v0);
        BadInputException bad = assertThrows(BadInputException.class, () -> m.run(params(2, 2, "no_such_key=1"), Progress.NONE, null));
        assertTrue(bad.getMessage().contains("config") && bad.getMessage().contains("no_such_key"), bad.getMessage());
    }

    /**
     * The default θ (learnable_adam, lr 1, ε 1: momentum SGD) on the fixed batch of the real Fashion-MNIST task, 4 samples:
     * at step_scale 3 inner training is stable (the mean loss falls with T) and BPTT's variance, below ES's at T = 8,
     * grows faster than ES's and exceeds it by T = 32; at step_scale 1 it stays below ES's (T = 16).
     */
    @Test
    void bpttVarianceOvertakesEsAtTheEdgeOfStabilityOnly() throws Exception {
        Path data = Path.of(Datasets.FASHION_MNIST_DIR);
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist is not installed");
        GradientVarianceMethod m = new GradientVarianceMethod(BenchFixtures.services(t, ServiceCatalog.of("task", StandardTasks.all(data),
                OptimizationTask::name)));
        Map<String, Object> edge = m.run(defaults(3, 32), Progress.NONE, null).values();
        Object crossing = edge.get("bptt_above_es_from_unroll");
        assertTrue(crossing instanceof Integer c && c > 8 && c <= 32, "a crossing after T = 8, by 32: " + edge);
        double[] b = column(edge, "bptt"), e = column(edge, "es"), loss = column(edge, "mean_loss");
        for (int i = 1; i < loss.length; i++) assertTrue(loss[i] < loss[i - 1], "stable: the mean loss falls with T " + Arrays.toString(loss));
        int last = b.length - 1;
        assertTrue(b[0] < e[0], "T = 8: BPTT " + b[0] + " below ES " + e[0]);
        assertTrue(b[last] > e[last], "T = 32: BPTT " + b[last] + " above ES " + e[last]);
        assertTrue(b[last] / b[0] > 3 * (e[last] / e[0]), "BPTT grows faster than ES: " + b[last] / b[0] + " vs " + e[last] / e[0]);
        Map<String, Object> smooth = m.run(defaults(1, 16), Progress.NONE, null).values();
        assertEquals(null, smooth.get("bptt_above_es_from_unroll"), "step_scale 1 is smooth: " + smooth);
    }

    /**
     * The Method's defaults on image_mlp_fashion_mnist8_relu32, T = unroll_min..unroll_max (at most 32), 4 samples, the
     * given step_scale, no checkpointing (the same gradient, faster at these T).
     */
    private static Params defaults(double scale, int unrollMax) {
        Map<String, Object> v = new HashMap<>();
        new GradientVarianceMethod(null).params().forEach(s -> v.put(s.name(), s.defaultValue()));
        v.put("unroll_min", Math.min(8, unrollMax));
        v.put("unroll_max", unrollMax);
        v.put("samples", 4);
        v.put("checkpoint", false);
        v.put("step_scale", scale);
        return Params.of(v);
    }

    /** The variances of one estimator by unroll length, in the order run. */
    @SuppressWarnings("unchecked")
    private static double[] column(Map<String, Object> values, String estimator) {
        return ((Map<String, Map<String, Double>>) values.get("variance")).values().stream().mapToDouble(r -> r.get(estimator)).toArray();
    }

    private static Params params(int lo, int hi, String config) {
        Map<String, Object> v = new HashMap<>();
        v.put("task", "quadratic");
        v.put("optimizer", "notebook_mlp");
        v.put("config", config);
        v.put("step_scale", 1.0);
        v.put("unroll_min", lo);
        v.put("unroll_max", hi);
        v.put("samples", 3);
        v.put("sigma", 0.01);
        v.put("es_pairs", 1);
        v.put("batch_seed", 0);
        v.put("checkpoint", true);
        return Params.of(v);
    }

    private Object shift(Trees.Flat flat, List<Var> dir, double h) {
        List<Var> out = new ArrayList<>();
        for (int j = 0; j < dir.size(); j++) out.add(flat.leaves().get(j).add(dir.get(j).mul(h)));
        return Trees.unflatten(flat.def(), out);
    }


    private static void assertArraysClose(double[] a, double[] b, double tol) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tol * Math.max(1, Math.abs(a[i])), "element " + i);
    }
}
