package org.polymorph.analysis.internal.deq;

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
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.learned.LearnedOptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/** deq.init_study on tiny settings: the table, stability at a small and a huge σ, checkpoint/resume, bad input. */
class InitStudyMethodTest {
    @TempDir Path tmp;
    private final TensorService ts = new ReferenceTensorService();
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures =
            ServiceCatalog.of("learned-optimizer architecture", LearnedArchitectures.all(), LearnedOptimizerArchitecture::name);
    private final InitStudyMethod method = new InitStudyMethod(() -> ts, AutodiffEngines::new, DatasetCatalogs.standard(), optimizers());

    /** The classical optimizer providers and {@code learned}, as the optimizers bundle registers them. */
    private ServiceCatalog<OptimizerProvider> optimizers() {
        List<OptimizerProvider> all = new ArrayList<>(ClassicalOptimizers.all());
        all.add(new LearnedOptimizerProvider(architectures));
        return ServiceCatalog.of("optimizer", all, OptimizerProvider::name);
    }

    /** 3-class blobs in 6 dimensions, width 6: seconds per sweep. */
    private static final Map<String, String> TINY = Map.of("dataset", "blobs:n=400,dim=6,spread=0.6", "train_examples", "200",
            "test_examples", "80", "width", "6", "batch", "20", "steps", "12", "seeds", "2", "sigmas", "0.5,8", "lr", "0.05");

    private Result run(Path dir, Progress progress, Map<String, String> kv) throws Exception {
        Params p = Params.parse(method.id(), method.params(), kv);
        return method.run(p, progress, RunDirectory.create(dir));
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> table(Result r) { return (List<Map<String, Object>>) r.values().get("table"); }

    @Test
    void smallSigmaTrainsStablyAndAHugeGaussianSigmaDoesNot() throws Exception {
        Path dir = tmp.resolve("study");
        Result r = run(dir, Progress.NONE, TINY);
        List<Map<String, Object>> t = table(r);
        assertEquals(3 * 2, t.size(), "families x sigmas rows");
        for (Map<String, Object> row : t) {
            double frac = ((Number) row.get("stable_fraction")).doubleValue();
            double sigma = ((Number) row.get("sigma")).doubleValue();
            if (sigma == 0.5) {
                assertEquals(1.0, frac, row.toString());
                assertTrue(((Number) row.get("test_accuracy_mean")).doubleValue() > 0.6, row.toString());   // 3 separable blobs
            }
        }
        // W with entries of variance 64/6: tanh saturates and the Gaussian DEQ map has many fixed points; its solve fails
        Map<String, Object> gaussHuge = t.stream().filter(m -> m.get("family").equals("gaussian") && ((Number) m.get("sigma")).doubleValue() == 8)
                .findFirst().orElseThrow();
        assertTrue(((Number) gaussHuge.get("stable_fraction")).doubleValue() < 1.0, gaussHuge.toString());
        for (String f : new String[] {StudyTable.CSV, StudyTable.RUNS_CSV, StudyTable.PNG, StudyCheckpoint.FILE}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(dir.resolve(StudyTable.CSV));
        assertEquals(1 + 6, csv.size());
        assertTrue(csv.get(0).startsWith("family,sigma,seeds,stable_fraction,test_accuracy_mean"), csv.get(0));
        assertEquals(1 + 12, Files.readAllLines(dir.resolve(StudyTable.RUNS_CSV)).size());
    }

    @Test
    void aCancelledSweepResumesToTheSameTable() throws Exception {
        Map<String, String> kv = with(TINY, "families", "gaussian,symmetric", "sigmas", "0.5,1.5");
        Result whole = run(tmp.resolve("whole"), Progress.NONE, kv);
        Path dir = tmp.resolve("cut");
        int[] updates = {0};
        Progress cancelLater = new Progress() {
            @Override public void update(long done, long total, String message) { updates[0]++; }
            @Override public boolean cancelled() { return updates[0] >= 12; }
        };
        CancelledException e = assertThrows(CancelledException.class, () -> run(dir, cancelLater, kv));
        assertTrue(e.getMessage().contains("resume=true"), e.getMessage());
        Result resumed = run(dir, Progress.NONE, with(kv, "resume", "true"));
        long fromCheckpoint = ((Number) resumed.values().get("resumed_runs")).longValue();
        assertTrue(fromCheckpoint > 0 && fromCheckpoint < 8, "runs taken from the checkpoint: " + fromCheckpoint);
        assertEquals(table(whole), table(resumed));
        assertEquals(Files.readAllLines(tmp.resolve("whole").resolve(StudyTable.CSV)), Files.readAllLines(dir.resolve(StudyTable.CSV)));
        BadInputException steps = assertThrows(BadInputException.class, () -> run(dir, Progress.NONE, with(kv, "resume", "true", "steps", "13")));
        assertTrue(steps.getMessage().contains("'steps'") && steps.getMessage().contains("steps=12"), steps.getMessage());
    }

    @Test
    void badInputNamesTheParameterAndTheFix() {
        BadInputException f = assertThrows(BadInputException.class, () -> run(tmp.resolve("b1"), Progress.NONE, with(TINY, "families", "gaussian,uniform")));
        assertTrue(f.getMessage().contains("'families'") && f.getMessage().contains("'uniform'") && f.getMessage().contains("orthogonal"), f.getMessage());
        BadInputException n = assertThrows(BadInputException.class, () -> run(tmp.resolve("b2"), Progress.NONE, with(TINY, "train_examples", "100000")));
        assertTrue(n.getMessage().contains("'train_examples'") && n.getMessage().contains("<="), n.getMessage());
        BadInputException d = assertThrows(BadInputException.class, () -> run(tmp.resolve("b3"), Progress.NONE, with(TINY, "dataset", "nosuchset")));
        assertTrue(d.getMessage().contains("'dataset'"), d.getMessage());
    }

    @Test
    void fashionMnistDeqClassifierLearns() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(Datasets.FASHION_MNIST_DIR)), "Fashion-MNIST is not installed");
        Result r = run(tmp.resolve("fmnist"), Progress.NONE, Map.of("families", "orthogonal", "sigmas", "0.5", "seeds", "1", "steps", "30",
                "width", "16", "batch", "32", "train_examples", "960", "test_examples", "300", "lr", "0.01"));
        Map<String, Object> row = table(r).get(0);
        assertEquals(1.0, ((Number) row.get("stable_fraction")).doubleValue(), row.toString());
        // ten classes: chance is 0.1; 30 Adam steps of a small DEQ already get well above it
        assertTrue(((Number) row.get("test_accuracy_mean")).doubleValue() > 0.4, row.toString());
    }

    /** optimizer=learned:<file> trains every run of the study with the file's learned optimizer; a bad file names optimizer. */
    @SuppressWarnings("unchecked")
    @Test
    void aLearnedOptimizerFileTrainsTheStudyRuns() throws Exception {
        LearnedOptimizer lopt = architectures.get("architecture", "mlp_lopt").create(Map.of("step_mult", 0.05));
        Path file = tmp.resolve("opt.lopt");
        LearnedOptimizerFile.write(file, lopt, lopt.initMetaParams(new AutodiffEngines().create(ts).ops(), RandomKey.of(2)), Map.of("trained_by", "test"));
        assertTrue(method.params().stream().filter(p -> p.name().equals("optimizer")).findFirst().orElseThrow().choices().contains("learned:"));
        Result r = run(tmp.resolve("learned"), Progress.NONE, with(TINY, "families", "orthogonal", "sigmas", "0.5", "seeds", "1",
                "optimizer", "learned:" + file));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) r.values().get("runs");
        assertEquals(1, runs.size());
        Map<String, Object> run = runs.get(0);
        assertEquals(12, run.get("steps_done"), run.toString());
        double first = ((Number) run.get("initial_loss")).doubleValue(), last = ((Number) run.get("final_loss")).doubleValue();
        assertTrue(Double.isFinite(last) && last != first, "the learned optimizer moved the loss: " + run);
        Path junk = tmp.resolve("junk.lopt");
        Files.writeString(junk, "not weights");
        BadInputException e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), Progress.NONE, with(TINY, "optimizer", "learned:" + junk)));
        assertEquals("optimizer", e.parameter().orElse(null), e.getMessage());
        assertTrue(e.getMessage().contains("not a learned-optimizer file"), e.getMessage());
    }
}
