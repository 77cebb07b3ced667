package org.polymorph.optimizers.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.task.OptimizationTask;

/** bench.lopt reports positive times whose ratios are the quotients it names; the timed loop is the evaluation loop. */
class BenchLoptMethodTest {
    private final AdTesting t = new AdTesting();
    @TempDir Path tmp;

    @Test
    void timesAndRatiosAreConsistent() {
        BenchLoptMethod m = new BenchLoptMethod(BenchFixtures.services(t, ServiceCatalog.of("task", StandardTasks.all(tmp), OptimizationTask::name)));
        Result r = m.run(Params.of(Map.of("task", "rosenbrock", "optimizer", "mlp_lopt", "config", "", "steps", 10, "repeats", 1, "unroll", 3)),
                Progress.NONE, null);
        Map<String, Object> v = r.values();
        for (String k : new String[] {"adam_step_ms", "lopt_step_ms", "adam_update_ms", "lopt_update_ms", "bptt_outer_step_s", "es_pair_outer_step_s"}) {
            assertTrue(((Number) v.get(k)).doubleValue() > 0, k + " = " + v.get(k));
        }
        double a = ((Number) v.get("adam_step_ms")).doubleValue(), l = ((Number) v.get("lopt_step_ms")).doubleValue();
        // the ms figures and the ratio are each rounded to 4 decimals: the quotient of the rounded times may differ by
        // their relative rounding (5e-5 ms over steps of some µs on rosenbrock) plus the ratio's own
        assertEquals(l / a, ((Number) v.get("step_ratio")).doubleValue(), l / a * (5e-5 / a + 5e-5 / l) + 5e-5);
        assertTrue(((Number) v.get("adam_update_ms")).doubleValue() <= a, "an update is part of a step");
        assertEquals("mlp_lopt", v.get("optimizer"));
    }

    /** A list of learned optimizers: each its time and ratio to Adam, the first also under the unprefixed keys; a repeat is bad input. */
    @Test
    void everyListedOptimizerGetsItsRatio() {
        BenchLoptMethod m = new BenchLoptMethod(BenchFixtures.services(t, ServiceCatalog.of("task", StandardTasks.all(tmp), OptimizationTask::name)));
        List<String> names = List.of("hyper_v2", "mlp_lopt", "notebook_mlp", "adafac_mlp_lopt");
        Result r = m.run(Params.of(Map.of("task", "rosenbrock", "optimizer", String.join(", ", names), "config", "", "steps", 8,
                "repeats", 1, "unroll", 0)), Progress.NONE, null);
        Map<String, Object> v = r.values();
        Map<?, ?> ms = (Map<?, ?>) v.get("step_ms");
        Map<?, ?> ratios = (Map<?, ?>) v.get("step_ratios");
        assertEquals(names, List.copyOf(ratios.keySet().stream().map(String::valueOf).toList()));
        assertEquals(names.size(), ((Map<?, ?>) v.get("update_ratios")).size());
        double a = ((Number) v.get("adam_step_ms")).doubleValue();
        for (String n : names) {
            double l = ((Number) ms.get(n)).doubleValue();
            assertTrue(l > 0, n + " " + l);
            assertEquals(l / a, ((Number) ratios.get(n)).doubleValue(), l / a * (5e-5 / a + 5e-5 / l) + 5e-5, n);
        }
        assertEquals("hyper_v2", v.get("optimizer"));
        assertEquals(v.get("step_ratio"), ratios.get("hyper_v2"));
        assertEquals(v.get("lopt_step_ms"), ms.get("hyper_v2"));
        assertEquals(names.size(), r.summary().size());
        BadInputException e = assertThrows(BadInputException.class, () -> m.run(Params.of(Map.of("task", "rosenbrock",
                "optimizer", "mlp_lopt,mlp_lopt", "config", "", "steps", 2, "repeats", 1, "unroll", 0)), Progress.NONE, null));
        assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void theTimedLoopRecordsTheSameLossesAsTheEvaluationLoop() {
        OptimizationTask task = StandardTasks.all(tmp).get(1);
        var adam = ClassicalOptimizers.all().get(3).create(t.o, Map.of("lr", 0.01));
        InnerTraining.Timed timed = InnerTraining.timed(t.ad, task, adam, 6, RandomKey.of(2));
        assertEquals(java.util.Arrays.toString(InnerTraining.losses(t.ad, task, adam, 6, RandomKey.of(2))), java.util.Arrays.toString(timed.losses()));
        assertTrue(timed.updateSeconds() > 0 && timed.updateSeconds() < timed.seconds());
    }
}
