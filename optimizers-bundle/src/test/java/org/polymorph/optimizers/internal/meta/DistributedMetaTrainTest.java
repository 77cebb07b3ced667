package org.polymorph.optimizers.internal.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
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
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * lopt.meta_train with its population members as work items ({@link MemberWork}) on local threads gives the run whose
 * members are estimated one after another on the run's thread, bit for bit, also when cancelled in an outer step and
 * resumed; an item survives its JSON text and gives the estimate made here; bad item parameters are named.
 */
class DistributedMetaTrainTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final Supplier<AD> engines = () -> new AutodiffEngines().create(ts);
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures;
    private final ServiceCatalog<OptimizationTask> tasks = ServiceCatalog.of("task", StandardTasks.all(), OptimizationTask::name);
    private final MemberWork kind;
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final LocalDistributed local;

    @TempDir
    Path tmp;

    DistributedMetaTrainTest() {
        List<LearnedOptimizerArchitecture> all = new ArrayList<>(LearnedArchitectures.all());
        all.add(new LearnableAdamArchitecture());
        architectures = ServiceCatalog.of("learned-optimizer architecture", all, LearnedOptimizerArchitecture::name);
        kind = new MemberWork(engines, architectures, tasks);
        local = new LocalDistributed(ServiceCatalog.of("work kind", Map.of(MemberWork.NAME, (WorkKind) kind)), pool, 3);
    }

    @AfterEach void close() { pool.shutdownNow(); }

    private MetaTrainMethod serial() { return new MetaTrainMethod(() -> ts, AutodiffEngines::new, architectures, tasks); }

    private MetaTrainMethod spread() { return new MetaTrainMethod(() -> ts, AutodiffEngines::new, architectures, tasks, () -> local); }

    private static final String[] QUADRATIC = {"architecture", "learnable_adam", "tasks", "quadratic", "population", "4",
            "trunc_length", "5", "min_length", "10", "max_length", "40", "initial_offset", "20", "outer_lr", "0.05", "seed", "5"};

    private static Result run(MetaTrainMethod m, Path dir, Progress progress, String... more) throws Exception {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < QUADRATIC.length; i += 2) raw.put(QUADRATIC[i], QUADRATIC[i + 1]);
        for (int i = 0; i < more.length; i += 2) raw.put(more[i], more[i + 1]);
        return m.run(Params.parse(m.id(), m.params(), raw), progress, RunDirectory.create(dir));
    }

    private void assertSameRun(Path a, Path b, String what) throws Exception {
        assertEquals(Files.readString(a.resolve("meta_loss.csv")), Files.readString(b.resolve("meta_loss.csv")), what);
        LearnedOptimizerFile.Loaded x = LearnedOptimizerFile.read(a.resolve(MetaTrainMethod.OUTPUT), architectures);
        LearnedOptimizerFile.Loaded y = LearnedOptimizerFile.read(b.resolve(MetaTrainMethod.OUTPUT), architectures);
        for (String k : x.values().keySet()) assertArrayEquals(x.values().get(k), y.values().get(k), 0, what + " " + k);
    }

    @SuppressWarnings("unchecked")
    @Test
    void membersOnLocalThreadsEqualMembersOnTheRunsThread() throws Exception {
        for (String estimator : List.of("pes", "tes", "es", "bptt")) {
            Path one = tmp.resolve(estimator + "-serial"), two = tmp.resolve(estimator + "-spread");
            run(serial(), one, Progress.NONE, "estimator", estimator, "outer_steps", "4");
            Result r = run(spread(), two, Progress.NONE, "estimator", estimator, "outer_steps", "4", "threads", estimator.equals("pes") ? "3" : "0");
            assertSameRun(one, two, estimator);
            Map<String, Object> facts = (Map<String, Object>) r.values().get("distributed");
            assertEquals(16L, facts.get("items"), "4 outer steps of 4 members");
            assertEquals(estimator.equals("pes") ? 8L : 4L, facts.get("jobs"), "threads=3 hands out 3 + 1 members per step");
        }
    }

    @Test
    void cancelledInAnOuterStepAndResumedGivesTheWholeRun() throws Exception {
        run(serial(), tmp.resolve("whole"), Progress.NONE, "outer_steps", "6");
        Progress cancelInStep4 = new Progress() {
            volatile boolean cancel;

            @Override public void update(long done, long total, String message) {
                if (message.startsWith("outer step 4: ")) cancel = true;
            }

            @Override public boolean cancelled() { return cancel; }
        };
        assertThrows(CancelledException.class, () -> run(spread(), tmp.resolve("cut"), cancelInStep4, "outer_steps", "6", "threads", "1"));
        Result r = run(spread(), tmp.resolve("cut"), Progress.NONE, "outer_steps", "6", "resume", "true");
        assertEquals(3L, ((Number) r.values().get("resumed_from")).longValue(), "the checkpoint holds the 3 outer steps done");
        assertSameRun(tmp.resolve("whole"), tmp.resolve("cut"), "resumed");
    }

    private Estimator.Setup setup() {
        LearnedOptimizer lopt = architectures.get("architecture", "learnable_adam").create(Map.of());
        return new Estimator.Setup(engines, new TaskDistribution(List.of(tasks.get("tasks", "quadratic")), new LogUniformLengthSchedule(10, 40), 20),
                lopt, RandomKey.of(9), 5, 0.01, MetaLoss.Reduction.MEAN, true);
    }

    @Test
    void anItemSurvivesItsJsonAndGivesTheEstimateMadeHere() {
        Estimator.Setup s = setup();
        var o = engines.get().ops();
        Frozen theta = Frozen.of(s.lopt().initMetaParams(o, RandomKey.of(2)), o);
        TruncatedPes pes = new TruncatedPes();
        Estimator.Member after1 = pes.estimate(s, theta, 0, 1, null).next();
        Estimator.Contribution here = pes.estimate(s, theta, 1, 1, after1);
        WorkItem item = MemberWork.item(MemberWork.shared(pes, s), ts, theta, 1, 1, after1, 9);
        WorkItem back = WorkItem.fromJson(item.toJson());
        assertEquals(item, back);
        Estimator.Contribution there = MemberWork.contribution(o, s, theta, WorkKind.runCanonical(kind, back, Progress.NONE));
        assertArrayEquals(here.grad().flat(ts), there.grad().flat(ts), 0);
        assertEquals(here.loss(), there.loss(), 0);
        assertArrayEquals(here.next().pos().params().flat(ts), there.next().pos().params().flat(ts), 0);
        assertArrayEquals(here.next().neg().optState().flat(ts), there.next().neg().optState().flat(ts), 0);
        assertArrayEquals(here.next().accum().flat(ts), there.next().accum().flat(ts), 0);
        assertEquals(here.next().pos().dataKey(), there.next().pos().dataKey());
        assertEquals(here.next().pos().iteration(), there.next().pos().iteration());
        assertTrue(!java.util.Arrays.equals(here.next().pos().params().flat(ts), after1.pos().params().flat(ts)), "the member's inner run went on");
    }

    @Test
    void badItemParametersAreNamed() {
        Estimator.Setup s = setup();
        var o = engines.get().ops();
        Frozen theta = Frozen.of(s.lopt().initMetaParams(o, RandomKey.of(2)), o);
        WorkItem good = MemberWork.item(MemberWork.shared(new TruncatedEs(), s), ts, theta, 0, 0, null, 0);
        String[][] cases = {{"estimator", "\"sgd\"", "estimator"}, {"tasks", "[\"no_such_task\"]", "tasks"}, {"root", "[1]", "root"},
                {"theta", "[[1.0]]", "theta"}, {"min_length", "0", "min_length"}, {"std", "\"wide\"", "std"},
                {"state", "{\"pos\": {\"task\": 0, \"key\": [1, 2], \"episode\": 0, \"iteration\": 0, \"length\": 10, \"params\": []}}", "state.pos.params"}};
        for (String[] c : cases) {
            Map<String, Object> p = new LinkedHashMap<>(good.params());
            p.put(c[0], Json.parse(c[1]));
            BadInputException e = assertThrows(BadInputException.class, () -> kind.run(new WorkItem("m", MemberWork.NAME, p, 0), Progress.NONE), c[0]);
            assertTrue(e.getMessage().contains("'" + c[2] + "'"), c[2] + " -> " + e.getMessage());
        }
    }
}
