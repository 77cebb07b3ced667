package org.polymorph.optimizers.internal.train;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.learned.LearnedOptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/** nn.train with {@code optimizer=learned:<file>}: it trains, resumes bit for bit, and bad files are exit-2 input errors. */
class TrainLearnedOptimizerTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures =
            ServiceCatalog.of("learned-optimizer architecture", LearnedArchitectures.all(), LearnedOptimizerArchitecture::name);
    private final TrainMethod method;

    @TempDir Path tmp;

    TrainLearnedOptimizerTest() {
        List<OptimizerProvider> all = new ArrayList<>(ClassicalOptimizers.all());
        all.add(new LearnedOptimizerProvider(architectures));
        method = new TrainMethod(() -> ts, () -> new AutodiffEngines(), ServiceCatalog.of("optimizer", all, OptimizerProvider::name),
                DatasetCatalogs.standard());
    }

    private Result run(Path dir, Progress progress, String... kv) throws Exception {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) raw.put(kv[i], kv[i + 1]);
        return method.run(Params.parse(method.id(), method.params(), raw), progress, RunDirectory.create(dir));
    }

    /** An mlp_lopt file whose θ is its initialisation with the step multiplier raised so that 60 steps move the loss. */
    private Path file() throws Exception {
        var ad = new AutodiffEngines().create(ts);
        LearnedOptimizer lopt = architectures.get("architecture", "mlp_lopt").create(Map.of("step_mult", 0.05));
        Path p = tmp.resolve("opt.lopt");
        LearnedOptimizerFile.write(p, lopt, lopt.initMetaParams(ad.ops(), RandomKey.of(2)), Map.of("trained_by", "test"));
        return p;
    }

    @Test
    void trainsAndResumesWithALearnedOptimizerFile() throws Exception {
        String opt = "learned:" + file();
        String[] common = {"hidden", "8", "steps", "40", "batch", "32", "seed", "3", "optimizer", opt,
                "dataset", "spirals:n=200", "eval_every", "20", "checkpoint_every", "20"};
        Path straight = tmp.resolve("straight");
        Result a = run(straight, Progress.NONE, common);
        assertEquals(opt, a.values().get("optimizer"));
        assertEquals(40L, ((Number) a.values().get("steps")).longValue());
        assertEquals("mlp_lopt", a.values().get("optimizer_config"));
        List<String> csv = Files.readAllLines(straight.resolve("curve.csv"));
        double first = Double.parseDouble(csv.get(1).split(",")[1]);
        double last = ((Number) a.values().get("final_loss")).doubleValue();
        assertTrue(Double.isFinite(last) && last != first, "the learned optimizer moved the loss: " + first + " -> " + last);

        Path crashed = tmp.resolve("crashed");
        Progress dieAt27 = (done, total, msg) -> { if (done == 27) throw new IllegalStateException("simulated crash"); };
        assertThrows(IllegalStateException.class, () -> run(crashed, dieAt27, common));
        String[] resumed = Stream.concat(Stream.of(common), Stream.of("resume", "true")).toArray(String[]::new);
        Result b = run(crashed, Progress.NONE, resumed);
        assertEquals(20L, ((Number) b.values().get("resumed_from")).longValue());
        Checkpoint ca = Checkpoint.read(ts, straight.resolve(Checkpoint.FILE));
        Checkpoint cb = Checkpoint.read(ts, crashed.resolve(Checkpoint.FILE));
        for (int i = 0; i < ca.state().size(); i++) {
            assertArrayEquals(ts.toDoubleArray(ca.state().get(i)), ts.toDoubleArray(cb.state().get(i)), 0.0, "state " + i);
        }
        for (int i = 0; i < ca.params().size(); i++) {
            assertArrayEquals(ts.toDoubleArray(ca.params().get(i)), ts.toDoubleArray(cb.params().get(i)), 0.0, "param " + i);
        }
        assertEquals(a.values().get("final_loss"), b.values().get("final_loss"));
    }

    private String bad(String... kv) {
        List<String> all = new ArrayList<>(List.of("dataset", "spirals:n=100", "hidden", "4", "steps", "5", "batch", "16"));
        all.addAll(List.of(kv));
        BadInputException e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), Progress.NONE, all.toArray(String[]::new)));
        assertEquals("optimizer", e.parameter().orElse(null), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badLearnedOptimizerValuesAreNamed() throws Exception {
        String m = bad("optimizer", "learned");
        assertTrue(m.contains("learned:"), m);
        Path missing = tmp.resolve("nope.lopt");
        m = bad("optimizer", "learned:" + missing);
        assertTrue(m.contains(missing.toString()) && m.contains("no such file"), m);
        Path junk = tmp.resolve("junk.lopt");
        Files.writeString(junk, "not weights");
        m = bad("optimizer", "learned:" + junk);
        assertTrue(m.contains("not a learned-optimizer file"), m);
        m = bad("optimizer", "adam:" + junk);
        assertTrue(m.contains("not an allowed value") && m.contains("learned:"), m);
        BadInputException lr = assertThrows(BadInputException.class, () -> run(tmp.resolve("lr"), Progress.NONE, "dataset", "spirals:n=100",
                "hidden", "4", "steps", "5", "batch", "16", "optimizer", "learned:" + file(), "lr", "0.5"));
        assertTrue(lr.getMessage().contains("'lr'"), lr.getMessage());
    }
}
