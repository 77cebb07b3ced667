package org.polymorph.analysis.internal.dks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.analysis.dks.Activation;
import org.polymorph.analysis.dks.ActivationTransform;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** dks.train_deep on a small synthetic set (seconds): files, figures, cancel and resume, init and gradients. */
class TrainDeepMethodTest {
    @TempDir Path tmp;
    private final TensorService ts = new ReferenceTensorService();
    private final TrainDeepMethod method = new TrainDeepMethod(() -> ts, AutodiffEngines::new, DatasetCatalogs.standard());

    private static Map<String, String> small() {
        Map<String, String> m = new HashMap<>(Map.of("dataset", "blobs:n=200,classes=3", "activation", "tanh", "depth", "50",
                "width", "6", "steps", "6", "batch", "16", "eval_every", "3", "checkpoint_every", "2", "train_size", "150",
                "test_size", "40"));
        m.put("lr", "0.05");
        return m;
    }

    private Result run(Map<String, String> raw, Progress progress, Path dir) throws Exception {
        return method.run(Params.parse(method.id(), method.params(), raw), progress, RunDirectory.create(dir));
    }

    @Test
    void trainsEveryVariantAndWritesCurves() throws Exception {
        Result r = run(small(), Progress.NONE, tmp.resolve("a"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) r.values().get("variants");
        assertEquals(List.of("untransformed", "dks", "tat", "shallow"), List.copyOf(per.keySet()));
        for (Map<String, Object> v : per.values()) {
            double acc = (double) v.get("test_accuracy");
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
            assertEquals(6L, ((Number) v.get("steps_done")).longValue());
        }
        List<String> csv = Files.readAllLines(tmp.resolve("a/curves.csv"));
        assertEquals(1 + 4 * 6, csv.size());
        assertTrue(Files.size(tmp.resolve("a/curves.png")) > 1000);
    }

    /** A run cancelled mid-variant and resumed writes the same curves as an uninterrupted one. */
    @Test
    void cancelAndResumeReproduceAnUninterruptedRun() throws Exception {
        Map<String, String> raw = small();
        raw.put("variants", "untransformed,dks");
        run(raw, Progress.NONE, tmp.resolve("whole"));
        AtomicInteger updates = new AtomicInteger();
        Progress cancelling = new Progress() {
            @Override public void update(long done, long total, String message) { if (total > 0) updates.incrementAndGet(); }
            @Override public boolean cancelled() { return updates.get() >= 9; }
        };
        assertThrows(CancelledException.class, () -> run(raw, cancelling, tmp.resolve("parts")));
        raw.put("resume", "true");
        run(raw, Progress.NONE, tmp.resolve("parts"));
        assertEquals(Files.readAllLines(tmp.resolve("whole/curves.csv")), Files.readAllLines(tmp.resolve("parts/curves.csv")));
    }

    @Test
    void badVariantNamesTheParameter() {
        Map<String, String> raw = small();
        raw.put("variants", "dks,batchnorm");
        BadInputException e = assertThrows(BadInputException.class, () -> run(raw, Progress.NONE, tmp.resolve("bad")));
        assertEquals("variants", e.parameter().orElseThrow());
    }

    /** Orthogonal init keeps q = ‖x‖²/d per unit: W has orthonormal columns (or rows, rescaled). */
    @Test
    void orthogonalInitialisation() {
        double[] w = DeepMlp.orthogonal(12, 5, RandomKey.of(3));
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                double d = 0;
                for (int r = 0; r < 12; r++) d += w[r * 5 + a] * w[r * 5 + b];
                assertEquals(a == b ? 1.0 : 0.0, d, 1e-12);
            }
        }
        double[] wide = DeepMlp.orthogonal(4, 9, RandomKey.of(4));   // rows orthogonal, norm² = 9/4
        double d = 0;
        for (int c = 0; c < 9; c++) d += wide[c] * wide[c];
        assertEquals(9.0 / 4.0, d, 1e-12);
    }

    /** The transformed activation's forward values and the network gradient (finite differences, float64). */
    @Test
    void transformedNetworkValuesAndGradient() {
        AD ad = new AutodiffEngines().create(ts);
        Ops o = ad.ops();
        ActivationTransform phi = new ActivationTransform(Activation.SOFTPLUS, 0.3, 0.4, -0.9, 8.0, 0.01);
        DeepMlp net = new DeepMlp(3, 4, 3, 2, phi);
        Var x = o.constant(ts.fromArray(new double[] {-30, 0.5, 2, 40, -1, 0.3}, 2, 3));
        Var h = net.activation(o, x);
        double[] got = ts.toDoubleArray(h.value());
        double[] in = {-30, 0.5, 2, 40, -1, 0.3};
        for (int i = 0; i < in.length; i++) assertEquals(phi.value(in[i]), got[i], 1e-12);
        List<Var> params = net.init(o, RandomKey.of(5));
        Var labels = o.constant(ts.fromArray(new long[] {0, 1}, 2));
        new GradCheck(ad).check(q -> org.polymorph.autodiff.nn.Losses.softmaxCrossEntropy(net.apply(o, List.of(q), x.mul(0.05)), labels),
                params.toArray(new Var[0]), 1, true, true);
    }
}
