package org.polymorph.optimizers.internal.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;
import org.polymorph.optimizers.learned.LossAwareOptimizer;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.task.HeldOutTasks;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.task.OptimizationTask;

/** The evaluation loop, LR tuning and lopt.benchmark on small data-free and synthetic tasks (seconds). */
class BenchmarkMethodTest {
    private final AdTesting t = new AdTesting();
    @TempDir Path tmp;

    private static final ServiceCatalog<OptimizerProvider> OPTIMIZERS = BenchFixtures.OPTIMIZERS;

    private static ServiceCatalog<OptimizationTask> tasks(Path dir) {
        List<OptimizationTask> all = new java.util.ArrayList<>(StandardTasks.all(dir));
        all.addAll(HeldOutTasks.all(dir));
        return ServiceCatalog.of("task", all, OptimizationTask::name);
    }

    @Test
    void tunedAdamLowersTheLossOfTheRnnAndTheIllConditionedQuadratic() {
        ServiceCatalog<OptimizationTask> catalog = tasks(tmp);
        for (String name : List.of("rnn_lm_markov8_h32", "quadratic_ill_conditioned_20_k1000")) {
            OptimizationTask task = catalog.get("tasks", name);
            LrTuning.Tuned tuned = LrTuning.tune(t.ad, task, OPTIMIZERS.get("b", "adam"), LrTuning.grid(1e-3, 1e-1, 3), 40, List.of(RandomKey.of(0)));
            double[] c = tuned.best().curve();
            // the RNN's floor is the source's conditional entropy, about 1 nat (ln 8 = 2.08 for a uniform guess)
            assertTrue(tuned.best().finalLoss() < 0.7 * c[0], name + ": " + c[0] + " -> " + tuned.best().finalLoss());
            for (LrTuning.Run r : tuned.grid()) assertTrue(tuned.best().finalLoss() <= r.finalLoss(), name + " lr " + r.lr());
        }
    }

    @Test
    void aRunIsAPureFunctionOfItsKeyAndDivergenceIsInfinite() {
        OptimizationTask task = tasks(tmp).get("tasks", "rnn_lm_markov8_h32");
        var adam = OPTIMIZERS.get("o", "adam").create(t.o, Map.of("lr", 0.01));
        double[] a = InnerTraining.losses(t.ad, task, adam, 5, RandomKey.of(1));
        assertArrayEquals(a, InnerTraining.losses(t.ad, task, adam, 5, RandomKey.of(1)), 0.0);
        assertFalse(java.util.Arrays.equals(a, InnerTraining.losses(t.ad, task, adam, 5, RandomKey.of(2))));
        OptimizationTask rosen = tasks(tmp).get("tasks", "rosenbrock");
        double[] blown = InnerTraining.losses(t.ad, rosen, OPTIMIZERS.get("o", "sgd").create(t.o, Map.of("lr", 10.0)), 30, RandomKey.of(0));
        assertEquals(Double.POSITIVE_INFINITY, blown[29]);
        assertEquals(Double.POSITIVE_INFINITY, Speedup.finalLoss(blown));
    }

    @Test
    void benchmarkWritesItsFilesAndIsDeterministic() throws Exception {
        Result a = run(tmp.resolve("a"), "rosenbrock,quadratic_ill_conditioned_20_k1000");
        Result b = run(tmp.resolve("b"), "rosenbrock,quadratic_ill_conditioned_20_k1000");
        assertEquals(Files.readString(tmp.resolve("a/speedup.csv")), Files.readString(tmp.resolve("b/speedup.csv")));
        assertEquals(Files.readString(tmp.resolve("a/curves.csv")), Files.readString(tmp.resolve("b/curves.csv")));
        assertTrue(Files.size(tmp.resolve("a/curves.png")) > 1000);
        List<String> rows = Files.readAllLines(tmp.resolve("a/speedup.csv"));
        assertEquals(1 + 2 * 2, rows.size(), "a row per task and optimizer but adam: " + rows);   // momentum, rmsprop
        assertEquals(a.values().get("speedup"), b.values().get("speedup"));
        // tuning.csv: 2 tasks x 2 baselines x 4 grid points
        assertEquals(1 + 16, Files.readAllLines(tmp.resolve("a/tuning.csv")).size());
        @SuppressWarnings("unchecked") Map<String, Map<String, Double>> s = (Map<String, Map<String, Double>>) a.values().get("speedup");
        for (Map<String, Double> m : s.values()) for (double v : m.values()) assertTrue(v >= 0 && Double.isFinite(v), s.toString());
        assertNotEquals(0, rows.get(1).length());
    }

    @Test
    void aLearnedOptimizerFileIsBenchmarkedUnderItsArchitecturesName() throws Exception {
        LearnedOptimizer lopt = LearnedArchitectures.all().stream().filter(a -> a.name().equals("mlp_lopt")).findFirst().orElseThrow()
                .create(Map.of());
        Path file = tmp.resolve("init.lopt");
        LearnedOptimizerFile.write(file, lopt, lopt.initMetaParams(t.o, RandomKey.of(0)), Map.of("trained_by", "nothing: initial theta"));
        method(tmp).run(params("quadratic_ill_conditioned_20_k1000", "adam", "learned:" + file, 2), Progress.NONE, RunDirectory.create(tmp.resolve("l")));
        List<String> rows = Files.readAllLines(tmp.resolve("l/speedup.csv"));
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("quadratic_ill_conditioned_20_k1000,mlp_lopt:init.lopt,,"), rows.get(1));
    }

    /** A loss-aware optimizer gets the loss of each step: here SGD that records it. */
    @Test
    void aLossAwareOptimizerIsGivenTheLoss() {
        OptimizationTask task = tasks(tmp).get("tasks", "rosenbrock");
        Optimizer sgd = OPTIMIZERS.get("o", "sgd").create(t.o, Map.of("lr", 1e-4));
        List<Double> seen = new java.util.ArrayList<>();
        LossAwareOptimizer recording = new LossAwareOptimizer() {
            @Override public Update update(Object g, OptState s, Object p, Var loss) {
                seen.add(loss.item());
                return sgd.update(g, s, p);
            }
            @Override public Ops ops() { return sgd.ops(); }
            @Override public OptState init(Object params) { return sgd.init(params); }
            @Override public Update update(Object g, OptState s, Object p) { throw new AssertionError("the loss-free update was called"); }
        };
        double[] losses = InnerTraining.losses(t.ad, task, recording, 4, RandomKey.of(3));
        assertArrayEquals(losses, seen.stream().mapToDouble(Double::doubleValue).toArray(), 0.0);
    }

    /** Two entries reported under one name (files of one name in two folders, or a name listed twice) are refused, not merged. */
    @Test
    void entriesOfOneReportNameAreRefused() throws Exception {
        LearnedOptimizer lopt = BenchFixtures.ARCHITECTURES.get("a", "mlp_lopt").create(Map.of());
        for (String d : List.of("a", "b")) {
            Files.createDirectories(tmp.resolve(d));
            LearnedOptimizerFile.write(tmp.resolve(d + "/same.lopt"), lopt, lopt.initMetaParams(t.o, RandomKey.of(0)), Map.of("trained_by", "nothing"));
        }
        for (String optimizers : List.of("learned:" + tmp.resolve("a/same.lopt") + ",learned:" + tmp.resolve("b/same.lopt"), "rmsprop,rmsprop")) {
            BadInputException e = assertThrows(BadInputException.class, () -> method(tmp).run(params("rosenbrock", "adam", optimizers, 2), Progress.NONE, null));
            assertTrue(e.getMessage().contains("'optimizers'") && e.getMessage().contains("different file names"), e.getMessage());
        }
    }

    @Test
    void withoutAdamThereIsNoSpeedup() {
        BadInputException e = assertThrows(BadInputException.class, () -> method(tmp).run(params("rosenbrock", "momentum", "rmsprop", 4), Progress.NONE, null));
        assertTrue(e.getMessage().contains("baselines") && e.getMessage().contains("adam"), e.getMessage());
    }

    private Result run(Path out, String taskNames) throws Exception {
        return method(tmp).run(params(taskNames, "adam,momentum", "rmsprop", 4), Progress.NONE, RunDirectory.create(out));
    }

    private Params params(String taskNames, String baselines, String optimizers, int grid) {
        Map<String, Object> v = new HashMap<>();
        v.put("optimizers", optimizers);
        v.put("tasks", taskNames);
        v.put("steps", 20);
        v.put("seeds", 1);
        v.put("baselines", baselines);
        v.put("grid", grid);
        v.put("lr_min", 1e-3);
        v.put("lr_max", 1e-1);
        v.put("adam_horizon", 2.0);
        return Params.of(v);
    }

    private BenchmarkMethod method(Path dir) { return new BenchmarkMethod(BenchFixtures.services(t, tasks(dir))); }
}
