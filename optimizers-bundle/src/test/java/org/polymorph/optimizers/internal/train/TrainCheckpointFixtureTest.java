package org.polymorph.optimizers.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.optimizers.OptimizerCatalogs;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * A checkpoint of the current format stored in src/test/resources/checkpoints/nn.train (10 of 20 Adam steps of a small MLP on
 * spirals, float64, warmup-cosine schedule) resumes, and the continued run equals an uninterrupted one bit for bit. With
 * {@code -Dcheckpoint.fixtures=write} the test writes the fixture again instead.
 */
class TrainCheckpointFixtureTest {
    private static final String FIXTURE = "checkpoints/nn.train/" + Checkpoint.FILE;
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final TrainMethod method = new TrainMethod(() -> ts, () -> new AutodiffEngines(), OptimizerCatalogs.classical(), DatasetCatalogs.standard());

    private Params params(String... extra) {
        Map<String, String> raw = new LinkedHashMap<>(Map.of("dataset", "spirals:n=100", "hidden", "6", "steps", "20", "batch", "16",
                "dtype", "float64", "optimizer", "adam", "schedule", "warmup_cosine", "warmup_steps", "3", "eval_every", "5", "checkpoint_every", "5"));
        for (String kv : extra) raw.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        return Params.parse(method.id(), method.params(), raw);
    }

    @Test
    void theStoredCheckpointResumesToTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        if ("write".equals(System.getProperty("checkpoint.fixtures"))) {
            // an interrupted run: the interrupt after step 10 writes the checkpoint of step 10
            Progress stopAt10 = (done, total, msg) -> { if (done == 10) Thread.currentThread().interrupt(); };
            try {
                method.run(params(), stopAt10, RunDirectory.create(tmp));
            } catch (InterruptedException expected) {
                Thread.interrupted();
            }
            Path to = Path.of("src/test/resources", FIXTURE);
            Files.createDirectories(to.getParent());
            Files.copy(tmp.resolve(Checkpoint.FILE), to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Result whole = method.run(params(), Progress.NONE, RunDirectory.create(tmp.resolve("whole")));
        Path resumed = Files.createDirectories(tmp.resolve("resumed"));
        try (var in = getClass().getClassLoader().getResourceAsStream(FIXTURE)) {
            Files.copy(in, resumed.resolve(Checkpoint.FILE));
        }
        Result r = method.run(params("resume=true"), Progress.NONE, RunDirectory.create(resumed));
        assertEquals(10L, ((Number) r.values().get("resumed_from")).longValue());
        assertEquals(whole.values().get("final_loss"), r.values().get("final_loss"));
        assertEquals(whole.values().get("test_accuracy"), r.values().get("test_accuracy"));
        assertEquals(Files.readString(tmp.resolve("whole/curve.csv")), Files.readString(resumed.resolve("curve.csv")));
        Checkpoint a = Checkpoint.read(ts, tmp.resolve("whole").resolve(Checkpoint.FILE));
        Checkpoint b = Checkpoint.read(ts, resumed.resolve(Checkpoint.FILE));
        for (int i = 0; i < a.params().size(); i++) {
            assertArrayEquals(ts.toDoubleArray(a.params().get(i)), ts.toDoubleArray(b.params().get(i)), 0.0, "param " + i);
        }
    }
}
