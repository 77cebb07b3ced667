package org.polymorph.optimizers.internal.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;
import org.polymorph.optimizers.task.OptimizationTask;

/** lopt.meta_train end to end: outputs, resume bit for bit, bad input, and a short meta-training that lowers the meta-loss. */
class MetaTrainMethodTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures;
    private final MetaTrainMethod method;
    /** One instance, so that its images are loaded once. */
    private final OptimizationTask notebook = StandardTasks.notebookMlp8(Path.of(Datasets.FASHION_MNIST_DIR));

    @TempDir
    Path tmp;

    MetaTrainMethodTest() {
        List<LearnedOptimizerArchitecture> all = new ArrayList<>(LearnedArchitectures.all());
        all.add(new LearnableAdamArchitecture());
        architectures = ServiceCatalog.of("learned-optimizer architecture", all, LearnedOptimizerArchitecture::name);
        List<OptimizationTask> tasks = new ArrayList<>(StandardTasks.all());
        tasks.add(notebook);
        method = new MetaTrainMethod(() -> ts, AutodiffEngines::new, architectures,
                ServiceCatalog.of("task", tasks, OptimizationTask::name));
    }

    private Result run(Path dir, String... kv) throws Exception {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) raw.put(kv[i], kv[i + 1]);
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    private static final String[] QUADRATIC = {"architecture", "learnable_adam", "tasks", "quadratic", "population", "3",
            "trunc_length", "5", "min_length", "10", "max_length", "40", "initial_offset", "20", "outer_lr", "0.05", "seed", "3"};

    private static String[] with(String[] base, String... more) {
        String[] out = new String[base.length + more.length];
        System.arraycopy(base, 0, out, 0, base.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    /** A run stopped after 4 outer steps and resumed to 8 writes the same meta_loss.csv and θ as one run of 8, bit for bit. */
    @Test
    void resumingReproducesAnUninterruptedRunBitForBit() throws Exception {
        for (String estimator : List.of("pes", "bptt")) {
            Path whole = tmp.resolve(estimator + "-whole"), parts = tmp.resolve(estimator + "-parts");
            run(whole, with(QUADRATIC, "estimator", estimator, "outer_steps", "8", "checkpoint_every", "4"));
            run(parts, with(QUADRATIC, "estimator", estimator, "outer_steps", "4", "checkpoint_every", "4"));
            Result r = run(parts, with(QUADRATIC, "estimator", estimator, "outer_steps", "8", "checkpoint_every", "4", "resume", "true",
                    "threads", "2"));
            assertEquals(4L, ((Number) r.values().get("resumed_from")).longValue());
            assertEquals(Files.readString(whole.resolve("meta_loss.csv")), Files.readString(parts.resolve("meta_loss.csv")), estimator);
            assertEquals(9, Files.readAllLines(whole.resolve("meta_loss.csv")).size());
            LearnedOptimizerFile.Loaded a = LearnedOptimizerFile.read(whole.resolve(MetaTrainMethod.OUTPUT), architectures);
            LearnedOptimizerFile.Loaded b = LearnedOptimizerFile.read(parts.resolve(MetaTrainMethod.OUTPUT), architectures);
            assertEquals("learnable_adam", a.optimizer().architecture());
            for (String k : a.values().keySet()) assertArrayEquals(a.values().get(k), b.values().get(k), 0, k);
            assertTrue(Files.size(whole.resolve("meta_loss.png")) > 1000);
        }
    }

    /**
     * On the quadratic, lr 1e-3 is far too small: every estimator raises it, and the meta-objective (mean loss over whole
     * episodes of 20 steps, four fixed episodes) is lower at the trained θ than at the initial one.
     */
    @Test
    void metaTrainingLowersTheMetaLossOnTheQuadratic() throws Exception {
        OptimizationTask quadratic = StandardTasks.all().get(0);
        for (String estimator : List.of("es", "tes", "pes", "bptt")) {
            Path dir = tmp.resolve("fall-" + estimator);
            run(dir, with(QUADRATIC, "estimator", estimator, "outer_steps", "25", "std", "0.1"));
            LearnedOptimizerFile.Loaded lo = LearnedOptimizerFile.read(dir.resolve(MetaTrainMethod.OUTPUT), architectures);
            double logLr = lo.values().get(LearnableAdam.LR)[0];
            assertTrue(logLr > Math.log(1e-3) + 0.3, estimator + ": log lr " + logLr);
            assertFalls(quadratic, lo, 20, estimator);
        }
    }

    /**
     * The notebook's task, truncated BPTT through learnable_adam, seconds (plus loading the images): the meta-objective
     * over a fixed 24-step episode falls. The full-length reproductions with notebook_mlp are runs of lopt.meta_train.
     */
    @Test
    void shortNotebookTaskMetaTrainingLowersTheMetaLoss() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(Datasets.FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist is not installed");
        Path dir = tmp.resolve("notebook");
        run(dir, "architecture", "learnable_adam", "estimator", "bptt", "tasks", "notebook_mlp_fashion_mnist8", "population", "1",
                "trunc_length", "4", "min_length", "24", "max_length", "24", "outer_lr", "0.3", "outer_steps", "6", "seed", "1");
        List<String> csv = Files.readAllLines(dir.resolve("meta_loss.csv"));
        assertEquals(2.30, Double.parseDouble(csv.get(1).split(",")[1]), 0.05, "meta-loss at the start (notebook: 2.3025)");
        assertFalls(notebook, LearnedOptimizerFile.read(dir.resolve(MetaTrainMethod.OUTPUT), architectures), 24, "notebook");
    }

    /** The mean meta-loss over whole episodes of {@code length} steps from two fixed starts: lower at the file's θ than at θ0. */
    private void assertFalls(OptimizationTask task, LearnedOptimizerFile.Loaded lo, int length, String what) {
        AdTesting t = new AdTesting();
        TaskDistribution d = new TaskDistribution(List.of(task), new LogUniformLengthSchedule(length, length), 0);
        LearnedOptimizer lopt = lo.optimizer();
        Frozen trained = Frozen.of(lo.theta(t.o), t.o);
        Frozen initial = Frozen.of(lopt.initMetaParams(t.o, RandomKey.of(0)), t.o);
        double before = 0, after = 0;
        for (int i = 0; i < 2; i++) {
            InnerState s = d.start(t.o, lopt, initial, RandomKey.of(100 + i), 0, false);
            before += Unroll.forward(t.ad, d, lopt, initial, s, length, MetaLoss.Reduction.MEAN).metaLoss();
            after += Unroll.forward(t.ad, d, lopt, trained, s, length, MetaLoss.Reduction.MEAN).metaLoss();
        }
        assertTrue(after < before, what + ": meta-objective " + before / 2 + " at θ0, " + after / 2 + " trained");
    }

    @Test
    void badInputNamesTheParameter() {
        BadInputException e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), "tasks", "no_such_task", "outer_steps", "1"));
        assertTrue(e.getMessage().contains("tasks") && e.getMessage().contains("no_such_task"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad2"), with(QUADRATIC, "min_length", "50", "max_length", "10")));
        assertTrue(e.getMessage().contains("max_length"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad3"), with(QUADRATIC, "max_task_params", "3")));
        assertTrue(e.getMessage().contains("max_task_params"), e.getMessage());
        for (String config : List.of("initial_learning_rate", "no_such_key=1", "initial_learning_rate=-2")) {
            e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad4"), with(QUADRATIC, "config", config, "outer_steps", "1")));
            assertTrue(e.getMessage().contains("'config'") && e.getMessage().contains(config), e.getMessage());
        }
    }

    /** config= reaches the architecture: the file written holds the given hyper-parameter. */
    @Test
    void configSetsTheArchitecturesHyperParameters() throws Exception {
        Path dir = tmp.resolve("config");
        run(dir, with(QUADRATIC, "config", "initial_learning_rate=0.0375", "outer_steps", "1"));
        LearnedOptimizerFile.Loaded lo = LearnedOptimizerFile.read(dir.resolve("learned_optimizer.lopt"), architectures);
        assertEquals(0.0375, ((Number) lo.optimizer().config().get("initial_learning_rate")).doubleValue());
    }

}
