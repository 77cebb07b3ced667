package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.TestServices;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.learned.LearnedOptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/**
 * ff.fit's sweep with its weightings as work items ({@link WeightingWork}) on local threads gives what the sweep on the
 * run's thread gives, bit for bit; an item survives its JSON text; a bad item parameter is named.
 */
class DistributedSweepTest {
    private static final AD AD_ENGINE = new AutodiffEngines().create(new ReferenceTensorService());
    /** An engine per item, as the bundle's kind has: engines are not shared between threads. */
    private final WeightingWork kind = new WeightingWork(() -> new AutodiffEngines().create(new ReferenceTensorService()), TestServices.OPTIMIZERS,
            FixedCatalog.builtin());
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final LocalDistributed local = new LocalDistributed(ServiceCatalog.of("work kind", Map.of(WeightingWork.NAME, (WorkKind) kind)), pool, 2);

    @AfterEach void close() { pool.shutdownNow(); }

    private static Map<String, String> raw(String... more) {
        Map<String, String> raw = new LinkedHashMap<>(Map.of("style", "sw", "potential_file", Oracles.potentialFile("Si.sw").toString(),
                "free", "lambda,A", "bounds", "lambda:15:40", "optimizer", "lbfgs", "targets", "C11=165.7,C12=63.9,C44=79.6,E=-4.63,P=0.01", "steps", "3",
                "sweep", "elastic:1,cohesive:0/elastic:1,cohesive:3/elastic:0,cohesive:1"));
        for (String kv : more) raw.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        return raw;
    }

    private static Result run(FitMethod m, Path dir, String... more) throws Exception {
        return m.run(Params.parse(m.id(), m.params(), raw(more)), Progress.NONE, RunDirectory.create(dir));
    }

    @SuppressWarnings("unchecked")
    @Test
    void weightingsOnLocalThreadsEqualTheSerialSweep(@TempDir Path tmp) throws Exception {
        Result serial = run(new FitMethod(AD_ENGINE, TestServices.OPTIMIZERS, FixedCatalog.builtin()), tmp.resolve("serial"));
        Result spread = run(new FitMethod(AD_ENGINE, TestServices.OPTIMIZERS, FixedCatalog.builtin(), local), tmp.resolve("spread"));
        List<Object> a = (List<Object>) serial.values().get("sweep");
        List<Object> b = (List<Object>) spread.values().get("sweep");
        assertEquals(3, a.size());
        assertEquals(a, b, "the sweep table, every double equal");
        for (String f : List.of("tradeoff.csv", "fitted_1.sw", "fitted_2.sw", "fitted_3.sw")) {
            assertEquals(Files.readString(tmp.resolve("serial").resolve(f)), Files.readString(tmp.resolve("spread").resolve(f)), f);
        }
        Map<String, Object> facts = (Map<String, Object>) spread.values().get("distributed");
        assertEquals("cluster", facts.get("placement"), "distributed=auto asks for the cluster; local threads serve it here");
        assertEquals(3L, facts.get("items"));
        assertEquals(1, facts.get("members_used"));
        assertEquals(0L, facts.get("retries"));
        // resuming the finished sweep re-evaluates its rows from the checkpoint: the same table
        Result resumed = run(new FitMethod(AD_ENGINE, TestServices.OPTIMIZERS, FixedCatalog.builtin(), local), tmp.resolve("spread"), "resume=true",
                "distributed=false");
        assertEquals(3, resumed.values().get("resumed_from_weighting"));
        assertEquals(a, resumed.values().get("sweep"));
    }

    @Test
    void anItemSurvivesItsJsonAndGivesTheSerialRow() {
        Fit fit = new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("lambda", "A"), Map.of("lambda", new double[] {15, 40}),
                TargetSpecs.parse("C11=165.7,C12=63.9,C44=79.6,E=-4.63,P=0.01", FixedCatalog.builtin()), "lbfgs", 2, 0.01, 7);
        Sweep.Weighting w = Sweep.parse("elastic:1,cohesive:2.5", fit.targets()).get(0);
        WorkItem item = WeightingWork.item(fit, w, 0);
        WorkItem back = WorkItem.fromJson(item.toJson());
        assertEquals(item, back);
        Sweep.Row direct = Sweep.run(AD_ENGINE, FixedCatalog.builtin(), TestServices.OPTIMIZERS, fit, w, cp -> { });
        Sweep.Row viaItem = WeightingWork.row(w, WorkKind.runCanonical(kind, back, Progress.NONE));
        org.junit.jupiter.api.Assertions.assertArrayEquals(direct.fitted(), viaItem.fitted(), 0.0);
        assertEquals(direct.lossFinal(), viaItem.lossFinal(), 0.0);
        assertEquals(direct.steps(), viaItem.steps());
        for (int t = 0; t < direct.values().length; t++) org.junit.jupiter.api.Assertions.assertArrayEquals(direct.values()[t], viaItem.values()[t], 0.0);
    }

    /** A learned optimizer's file travels by content (its bytes are not text) and the weighting fits as here. */
    @Test
    void aLearnedOptimizerFileTravelsByContent(@TempDir Path tmp) throws Exception {
        ServiceCatalog<LearnedOptimizerArchitecture> architectures =
                ServiceCatalog.of("learned-optimizer architecture", LearnedArchitectures.all(), LearnedOptimizerArchitecture::name);
        List<OptimizerProvider> all = new java.util.ArrayList<>(ClassicalOptimizers.all());
        all.add(new LearnedOptimizerProvider(architectures));
        ServiceCatalog<OptimizerProvider> optimizers = ServiceCatalog.of("optimizer", all, OptimizerProvider::name);
        LearnedOptimizer lopt = architectures.get("architecture", "mlp_lopt").create(Map.of("step_mult", 0.05));
        Path file = tmp.resolve("mlp.lopt");
        LearnedOptimizerFile.write(file, lopt, lopt.initMetaParams(AD_ENGINE.ops(), RandomKey.of(2)), Map.of("trained_by", "test"));
        Fit fit = new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("lambda", "A"), Map.of(),
                TargetSpecs.parse("C11=165.7,C12=63.9,C44=79.6,P=0.01", FixedCatalog.builtin()), "learned:" + file, 2, 0.01, 0);
        Sweep.Weighting w = Sweep.parse("elastic:2", fit.targets()).get(0);
        WorkItem item = WorkItem.fromJson(WeightingWork.item(fit, w, 0).toJson());
        assertTrue(((Map<?, ?>) item.params().get("optimizer_file")).containsKey("base64"), "the weights are bytes, not text");
        Sweep.Row direct = Sweep.run(AD_ENGINE, FixedCatalog.builtin(), optimizers, fit, w, cp -> { });
        WeightingWork there = new WeightingWork(() -> new AutodiffEngines().create(new ReferenceTensorService()), optimizers, FixedCatalog.builtin());
        Sweep.Row viaItem = WeightingWork.row(w, WorkKind.runCanonical(there, item, Progress.NONE));
        org.junit.jupiter.api.Assertions.assertArrayEquals(direct.fitted(), viaItem.fitted(), 0.0);
        assertEquals(direct.lossFinal(), viaItem.lossFinal(), 0.0);
        assertEquals(direct.steps(), viaItem.steps());
        org.junit.jupiter.api.Assertions.assertArrayEquals(direct.values()[0], viaItem.values()[0], 0.0);
    }

    @Test
    void badItemParametersAreNamed() {
        Fit fit = new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("lambda"), Map.of(),
                TargetSpecs.parse("C11=165.7,C12=63.9,C44=79.6", FixedCatalog.builtin()), "lbfgs", 1, 0.01, 0);
        WorkItem good = WeightingWork.item(fit, Sweep.parse("elastic:1", fit.targets()).get(0), 0);
        for (String[] c : new String[][] {{"steps", "-3"}, {"lr", "\"fast\""}, {"weighting", "{\"phonons\": 1.0}"}, {"targets", "[{\"kind\": \"elastic\"}]"},
                {"potential_file", "{\"name\": \"../Si.sw\", \"text\": \"\"}"}}) {
            Map<String, Object> p = new LinkedHashMap<>(good.params());
            p.put(c[0], org.polymorph.core.runtime.Json.parse(c[1]));
            BadInputException e = assertThrows(BadInputException.class, () -> kind.run(new WorkItem("w", WeightingWork.NAME, p, 0), Progress.NONE), c[0]);
            assertTrue(e.getMessage().contains("'" + c[0]), c[0] + " -> " + e.getMessage());
        }
        BadInputException e = assertThrows(BadInputException.class, () -> local.map(List.of(new WorkItem("w1", WeightingWork.NAME,
                Map.of("style", "sw"), 0)), org.polymorph.core.distributed.Placement.LOCAL, Progress.NONE));
        assertTrue(e.getMessage().contains("work item w1") && e.getMessage().contains("'potential_file'"), e.getMessage());
    }
}
