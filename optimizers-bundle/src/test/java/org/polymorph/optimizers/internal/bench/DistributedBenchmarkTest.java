package org.polymorph.optimizers.internal.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.internal.task.HeldOutTasks;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * lopt.benchmark with its training runs as work items ({@link RunWork}) on two local threads writes the files of the run
 * whose items run one after another on its thread, byte for byte, and those hold the losses of the plain evaluation loop;
 * an item survives its JSON text and gives the curve made here; bad item parameters are named.
 */
class DistributedBenchmarkTest {
    private final AdTesting t = new AdTesting();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    @TempDir Path tmp;

    @AfterEach void close() { pool.shutdownNow(); }

    private ServiceCatalog<OptimizationTask> tasks() {
        List<OptimizationTask> all = new ArrayList<>(StandardTasks.all(tmp));
        all.addAll(HeldOutTasks.all(tmp));
        return ServiceCatalog.of("task", all, OptimizationTask::name);
    }

    private BenchServices services() { return BenchFixtures.services(t, tasks()); }

    private BenchmarkMethod spread() {
        BenchServices s = services();
        LocalDistributed local = new LocalDistributed(ServiceCatalog.of("work kind", Map.of(RunWork.NAME, (WorkKind) new RunWork(s))), pool, 2);
        return new BenchmarkMethod(s, () -> local);
    }

    /** mlp_lopt at a θ other than its initial one, in a file: the item must carry θ for the curve to match. */
    private Path learnedFile() throws Exception {
        LearnedOptimizer lopt = BenchFixtures.ARCHITECTURES.get("a", "mlp_lopt").create(Map.of());
        Path file = tmp.resolve("other.lopt");
        LearnedOptimizerFile.write(file, lopt, lopt.initMetaParams(t.o, RandomKey.of(3)), Map.of("trained_by", "nothing: theta from key 3"));
        return file;
    }

    private static Result run(BenchmarkMethod m, Path out, Progress progress, String... more) throws Exception {
        Map<String, String> raw = new HashMap<>(Map.of("tasks", "rosenbrock,quadratic_ill_conditioned_20_k1000", "baselines", "adam,momentum",
                "steps", "20", "seeds", "2", "grid", "3", "lr_min", "1e-3", "lr_max", "1", "adam_horizon", "1.5"));
        for (int i = 0; i < more.length; i += 2) raw.put(more[i], more[i + 1]);
        return m.run(Params.parse(m.id(), m.params(), raw), progress, RunDirectory.create(out));
    }

    @SuppressWarnings("unchecked")
    @Test
    void runsOnLocalThreadsWriteTheFilesOfTheSerialRun() throws Exception {
        String optimizers = "rmsprop,learned:" + learnedFile();
        run(new BenchmarkMethod(services()), tmp.resolve("serial"), Progress.NONE, "optimizers", optimizers);
        List<Long> seen = new ArrayList<>();
        Progress counting = new Progress() {
            @Override public synchronized void update(long done, long total, String message) {
                seen.add(done);
                assertEquals(2L * 2 * (2 * 3 + 2 + 1), total, message);
            }
        };
        Result r = run(spread(), tmp.resolve("spread"), counting, "optimizers", optimizers);
        for (String f : List.of("speedup.csv", "curves.csv", "tuning.csv")) {
            assertEquals(Files.readString(tmp.resolve("serial").resolve(f)), Files.readString(tmp.resolve("spread").resolve(f)), f);
        }
        Map<String, Object> facts = (Map<String, Object>) r.values().get("distributed");
        assertEquals(2L, facts.get("jobs"), "the tuning runs with the optimizers under test, then tuned Adam's long runs");
        assertEquals(2L * 2 * (2 * 3 + 2 + 1), facts.get("items"), "2 tasks x 2 seeds x (2 baselines x 3 lrs + 2 optimizers + adam's long run)");
        assertEquals(36, seen.size(), "one report per finished run");
        assertEquals(36L, seen.stream().mapToLong(Long::longValue).max().orElseThrow());
        List<String> speedup = Files.readAllLines(tmp.resolve("spread/speedup.csv"));
        assertEquals(1 + 2 * 3, speedup.size(), speedup.toString());
        assertTrue(speedup.stream().anyMatch(l -> l.startsWith("rosenbrock,mlp_lopt:other.lopt,,")), speedup.toString());
    }

    /** The item path gives the losses of the loop on this thread (LrTuning.tune), also of a run that diverges. */
    @Test
    void tuningRowsAreThoseOfThePlainLoop() throws Exception {
        run(new BenchmarkMethod(services()), tmp.resolve("serial"), Progress.NONE);
        List<String> rows = Files.readAllLines(tmp.resolve("serial/tuning.csv"));
        OptimizationTask task = tasks().get("tasks", "rosenbrock");
        for (String b : List.of("adam", "momentum")) {
            LrTuning.Tuned here = LrTuning.tune(t.ad, task, BenchFixtures.OPTIMIZERS.get("b", b), LrTuning.grid(1e-3, 1, 3), 20,
                    List.of(RandomKey.of(0), RandomKey.of(1)));
            for (LrTuning.Run run : here.grid()) {
                String row = String.format(Locale.ROOT, "rosenbrock,%s,%.9g,%.9g", b, run.lr(), run.finalLoss());
                assertTrue(rows.contains(row), row + " in " + rows);
            }
        }
        assertTrue(rows.stream().anyMatch(l -> l.endsWith(",Infinity")), "a diverged grid point is an infinite loss: " + rows);
    }

    /**
     * The files equal those of the plain loop on one thread and one engine, no items: per task, each baseline tuned
     * ({@link LrTuning#tune}), the optimizers under test and tuned Adam's long run ({@link LrTuning#run}).
     */
    @Test
    void theFilesAreThoseOfThePlainLoop() throws Exception {
        Path file = learnedFile();
        run(spread(), tmp.resolve("spread"), Progress.NONE, "optimizers", "rmsprop,learned:" + file);
        ServiceCatalog<OptimizationTask> catalog = tasks();
        List<RandomKey> seeds = List.of(RandomKey.of(0), RandomKey.of(1));
        double[] grid = LrTuning.grid(1e-3, 1, 3);
        LearnedSpec l = services().learned("learned:" + file, "optimizers");
        BenchmarkReport report = new BenchmarkReport(20);
        for (String name : List.of("rosenbrock", "quadratic_ill_conditioned_20_k1000")) {
            OptimizationTask task = catalog.get("tasks", name);
            List<LrTuning.Run> runs = new ArrayList<>();
            for (String b : List.of("adam", "momentum")) {
                LrTuning.Tuned tuned = LrTuning.tune(t.ad, task, BenchFixtures.OPTIMIZERS.get("b", b), grid, 20, seeds);
                report.tuning(task, tuned);
                runs.add(tuned.best());
            }
            runs.add(LrTuning.run(t.ad, task, "rmsprop", Double.NaN, a -> BenchFixtures.OPTIMIZERS.get("o", "rmsprop").create(a.ops(), Map.of()), 20, seeds));
            runs.add(LrTuning.run(t.ad, task, l.name(), Double.NaN, a -> l.optimizer().optimizer(a.ops(), l.theta(a.ops()), 20), 20, seeds));
            double lr = runs.get(0).lr();
            report.task(task, runs, LrTuning.run(t.ad, task, "adam", lr, a -> BenchFixtures.OPTIMIZERS.get("o", "adam").create(a.ops(), Map.of("lr", lr)), 30, seeds));
        }
        report.write(RunDirectory.create(tmp.resolve("plain")));
        for (String f : List.of("speedup.csv", "curves.csv", "tuning.csv")) {
            assertEquals(Files.readString(tmp.resolve("plain").resolve(f)), Files.readString(tmp.resolve("spread").resolve(f)), f);
        }
    }

    @Test
    void cancelledWhileTheRunsAreOut() {
        Progress cancelAfterOne = new Progress() {
            volatile boolean cancel;

            @Override public void update(long done, long total, String message) { cancel = true; }

            @Override public boolean cancelled() { return cancel; }
        };
        assertThrows(CancelledException.class, () -> run(spread(), tmp.resolve("cut"), cancelAfterOne));
        assertFalse(Files.exists(tmp.resolve("cut/speedup.csv")));
    }

    @Test
    void anItemSurvivesItsJsonAndGivesTheCurveMadeHere() throws Exception {
        BenchServices s = services();
        RunWork kind = new RunWork(s);
        OptimizationTask task = tasks().get("tasks", "rosenbrock");
        LearnedSpec l = s.learned("learned:" + learnedFile(), "optimizers");
        WorkItem item = RunWork.item("x", "rosenbrock", RunWork.learned(l), 15, 1);
        WorkItem back = WorkItem.fromJson(item.toJson());
        assertEquals(item, back);
        double[] there = RunWork.losses(WorkKind.runCanonical(kind, back, Progress.NONE));
        double[] here = InnerTraining.losses(t.ad, task, l.optimizer().optimizer(t.o, l.theta(t.o), 15), 15, RandomKey.of(1));
        assertArrayEquals(here, there, 0);
        double[] initial = InnerTraining.losses(t.ad, task, l.optimizer().optimizer(t.o, l.optimizer().initMetaParams(t.o, RandomKey.of(0)), 15), 15,
                RandomKey.of(1));
        assertFalse(Arrays.equals(initial, there), "the item's θ is the file's, not the initial one");

        WorkItem adam = WorkItem.fromJson(RunWork.item("y", "rosenbrock", RunWork.registered("adam", 0.03), 12, 0).toJson());
        double[] a = RunWork.losses(WorkKind.runCanonical(kind, adam, Progress.NONE));
        assertArrayEquals(InnerTraining.losses(t.ad, task, BenchFixtures.OPTIMIZERS.get("o", "adam").create(t.o, Map.of("lr", 0.03)), 12, RandomKey.of(0)), a, 0);
        assertTrue(a[11] < a[0], Arrays.toString(a));
    }

    @SuppressWarnings("unchecked")
    @Test
    void badItemParametersAreNamed() throws Exception {
        RunWork kind = new RunWork(services());
        WorkItem adam = RunWork.item("a", "rosenbrock", RunWork.registered("adam", 0.01), 10, 0);
        WorkItem learned = RunWork.item("l", "rosenbrock", RunWork.learned(services().learned("learned:" + learnedFile(), "optimizers")), 10, 0);
        String theta = ((Map<?, ?>) learned.params().get("theta")).keySet().iterator().next().toString();
        Object[][] cases = {{adam, "task", "\"no_such_task\"", "task"}, {adam, "steps", "0", "steps"}, {adam, "seed", "-1", "seed"},
                {adam, "lr", "\"fast\"", "lr"}, {adam, "lr", "-0.1", "lr"}, {adam, "optimizer", "\"no_such_optimizer\"", "optimizer"},
                {adam, "architecture", "\"mlp_lopt\"", "optimizer"}, {learned, "architecture", "\"no_such_architecture\"", "architecture"},
                {learned, "theta", "{\"w\": {\"shape\": [1], \"values\": [1.0]}}", "theta"},
                {learned, "theta", "{\"" + theta + "\": {\"shape\": [1, 2, 3, 4, 5], \"values\": [1.0]}}", "theta." + theta + ".shape"}};
        for (Object[] c : cases) {
            WorkItem good = (WorkItem) c[0];
            Map<String, Object> p = new LinkedHashMap<>(good.params());
            if (c[1].equals("theta") && c[3].toString().startsWith("theta.")) {
                Map<String, Object> all = new LinkedHashMap<>((Map<String, Object>) p.get("theta"));
                all.putAll((Map<String, Object>) Json.parse((String) c[2]));
                p.put("theta", all);
            } else {
                p.put((String) c[1], Json.parse((String) c[2]));
            }
            BadInputException e = assertThrows(BadInputException.class, () -> kind.run(new WorkItem("b", RunWork.NAME, p, 0), Progress.NONE), c[1] + "=" + c[2]);
            assertTrue(e.getMessage().contains("'" + c[3] + "'"), c[3] + " -> " + e.getMessage());
        }
    }
}
