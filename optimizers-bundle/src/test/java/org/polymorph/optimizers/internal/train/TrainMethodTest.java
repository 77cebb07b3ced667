package org.polymorph.optimizers.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerCatalogs;
import org.polymorph.optimizers.OptimizerConfig;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.Optimizers;

class TrainMethodTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final TrainMethod method = new TrainMethod(() -> ts, () -> new AutodiffEngines(), OptimizerCatalogs.classical(),
            DatasetCatalogs.standard());

    @TempDir
    Path tmp;

    private Params params(String... kv) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) raw.put(kv[i], kv[i + 1]);
        return Params.parse(method.id(), method.params(), raw);
    }

    private Result run(Path dir, Progress progress, String... kv) throws Exception {
        return method.run(params(kv), progress, RunDirectory.create(dir));
    }

    @Test
    void mlpLearnsSpiralsInFloat64() throws Exception {
        Path dir = tmp.resolve("spirals");
        Result r = run(dir, Progress.NONE, "dataset", "spirals:n=1000,noise=0.05", "hidden", "32,32", "activation", "relu",
                "lr", "0.02", "steps", "400", "batch", "32", "dtype", "float64", "eval_every", "100", "seed", "1");
        double test = ((Number) r.values().get("test_accuracy")).doubleValue();
        assertTrue(test > 0.9, "test accuracy " + test + ": " + r.values());
        assertEquals(400L, ((Number) r.values().get("steps")).longValue());
        assertEquals(2 * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2, ((Number) r.values().get("parameters")).longValue());

        BufferedImage png = ImageIO.read(dir.resolve("curve.png").toFile());
        assertEquals(org.polymorph.core.report.Plot.WIDTH, png.getWidth());
        assertEquals(2 * org.polymorph.core.report.Plot.PANEL_HEIGHT, png.getHeight());
        List<String> csv = Files.readAllLines(dir.resolve("curve.csv"));
        assertEquals("step,loss,train_acc,test_acc", csv.get(0));
        assertEquals(401, csv.size());
        assertTrue(csv.get(400).startsWith("400,"), csv.get(400));
        assertWhole(dir);
    }

    @Test
    void resumingReproducesAnUninterruptedRun() throws Exception {
        resumeEquivalence("float64", "adam", "warmup_cosine");
    }

    @Test
    void resumingReproducesAnUninterruptedRunInFloat32WithMomentum() throws Exception {
        resumeEquivalence("float32", "nesterov", "step");
    }

    private void resumeEquivalence(String dtype, String optimizer, String schedule) throws Exception {
        String[] common = {"hidden", "16", "steps", "60", "batch", "32", "dtype", dtype, "seed", "7", "optimizer", optimizer,
                "schedule", schedule, "warmup_steps", "5", "dataset", "spirals:n=200", "eval_every", "20", "checkpoint_every", "30"};
        Path straight = tmp.resolve("straight-" + dtype);
        Result a = run(straight, Progress.NONE, common);

        Path crashed = tmp.resolve("crashed-" + dtype);
        // the run dies at step 37, after the checkpoint of step 30 was written
        Progress dieAt37 = (done, total, msg) -> { if (done == 37) throw new IllegalStateException("simulated crash"); };
        assertThrows(IllegalStateException.class, () -> run(crashed, dieAt37, common));
        assertEquals(30, Checkpoint.read(ts, crashed.resolve(Checkpoint.FILE)).step());
        String[] resumed = Stream.concat(Stream.of(common), Stream.of("resume", "true")).toArray(String[]::new);
        Result b = run(crashed, Progress.NONE, resumed);
        assertEquals(30L, ((Number) b.values().get("resumed_from")).longValue());

        Checkpoint ca = Checkpoint.read(ts, straight.resolve(Checkpoint.FILE));
        Checkpoint cb = Checkpoint.read(ts, crashed.resolve(Checkpoint.FILE));
        assertEquals(60, ca.step());
        assertEquals(60, cb.step());
        assertEquals(ca.params().size(), cb.params().size());
        for (int i = 0; i < ca.params().size(); i++) {
            assertArrayEquals(data(ca.params().get(i)), data(cb.params().get(i)), 0.0, "param " + i);
        }
        for (int i = 0; i < ca.state().size(); i++) {
            assertArrayEquals(data(ca.state().get(i)), data(cb.state().get(i)), 0.0, "state " + i);
        }
        assertEquals(ca.history(), cb.history());
        assertEquals(a.values().get("final_loss"), b.values().get("final_loss"));
        assertEquals(a.values().get("test_accuracy"), b.values().get("test_accuracy"));
        assertEquals(Files.readString(straight.resolve("curve.csv")), Files.readString(crashed.resolve("curve.csv")));
        assertWhole(crashed);
    }

    @Test
    void resumeChecksTheConfigurationAndTheCheckpoint() throws Exception {
        Path dir = tmp.resolve("r");
        BadInputException none = assertThrows(BadInputException.class,
                () -> run(dir, Progress.NONE, "steps", "10", "resume", "true"));
        assertTrue(none.getMessage().contains("'resume'") && none.getMessage().contains("checkpoint.bin"), none.getMessage());
        run(dir, Progress.NONE, "dataset", "spirals:n=100", "hidden", "4", "steps", "10", "batch", "16", "checkpoint_every", "5");
        BadInputException other = assertThrows(BadInputException.class,
                () -> run(dir, Progress.NONE, "dataset", "spirals:n=100", "hidden", "8", "steps", "20", "batch", "16", "resume", "true"));
        assertTrue(other.getMessage().contains("'hidden'"), other.getMessage());
        // constant schedule: more steps may be added to a finished run
        Result more = run(dir, Progress.NONE, "dataset", "spirals:n=100", "hidden", "4", "steps", "20", "batch", "16", "resume", "true");
        assertEquals(20L, ((Number) more.values().get("steps")).longValue());
        assertEquals(10L, ((Number) more.values().get("resumed_from")).longValue());
    }

    @Test
    void badParametersNameTheParameter() {
        assertBad("dataset", "dataset", "moons");
        assertBad("dataset", "dataset", "spirals:n=abc");
        assertBad("warmup_steps", "steps", "100", "warmup_steps", "100");
        assertBad("warmup_steps", "schedule", "warmup_cosine");
        assertBad("weight_decay", "optimizer", "adam", "weight_decay", "0.1");
        assertBad("momentum", "optimizer", "sgd", "momentum", "0.5");
        assertBad("batch", "dataset", "spirals:n=50", "batch", "64");
        assertBad("optimizer", "optimizer", "lbfgs");
        assertBad("gamma", "gamma", "0.5");
        assertBad("model", "model", "cnn");
        assertBad("model", "model", "cnn", "dataset", "blobs:dim=4");
        assertBad("channels", "channels", "8");
    }

    @Test
    void regressionDataTrainsWithMeanSquaredError() throws Exception {
        Path dir = tmp.resolve("teacher");
        Result r = run(dir, Progress.NONE, "dataset", "teacher:n=200,in=3,hidden=8", "hidden", "16", "steps", "50",
                "batch", "32", "dtype", "float32", "optimizer", "sgd", "lr", "0.05", "schedule", "step");
        assertEquals(null, r.values().get("test_accuracy"));
        double loss = ((Number) r.values().get("final_loss")).doubleValue();
        assertTrue(Double.isFinite(loss) && loss >= 0, String.valueOf(loss));
        BufferedImage png = ImageIO.read(dir.resolve("curve.png").toFile());
        assertEquals(org.polymorph.core.report.Plot.PANEL_HEIGHT, png.getHeight());
    }

    @Test
    void anInterruptedRunLeavesACheckpointToResumeFrom() throws Exception {
        Path dir = tmp.resolve("interrupted");
        Progress interruptAt12 = (done, total, msg) -> { if (done == 12) Thread.currentThread().interrupt(); };
        try {
            CancelledException e = assertThrows(CancelledException.class, () -> run(dir, interruptAt12,
                    "dataset", "spirals:n=100", "hidden", "4", "steps", "20", "batch", "16", "checkpoint_every", "50"));
            assertTrue(e.getMessage().contains("after step 12"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(12, Checkpoint.read(ts, dir.resolve(Checkpoint.FILE)).step());
        Result r = run(dir, Progress.NONE, "dataset", "spirals:n=100", "hidden", "4", "steps", "20", "batch", "16",
                "checkpoint_every", "50", "resume", "true");
        assertEquals(12L, ((Number) r.values().get("resumed_from")).longValue());
        assertWhole(dir);
    }

    @Test
    void aDivergingRunNamesTheStep() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(tmp.resolve("nan"), Progress.NONE,
                "dataset", "teacher:n=100,in=3", "hidden", "8", "optimizer", "sgd", "lr", "10", "steps", "200", "batch", "16"));
        assertTrue(e.getMessage().contains("at step "), e.getMessage());
    }

    @Test
    void cnnTrainsOnMnistImages() throws Exception {
        Path data = tmp.resolve("mnist");
        Files.createDirectories(data);
        writeMnist(data, "train", 48);
        writeMnist(data, "t10k", 16);
        Path dir = tmp.resolve("cnn");
        Result r = run(dir, Progress.NONE, "dataset", "mnist:" + data, "model", "cnn", "channels", "4,8", "hidden", "16",
                "steps", "6", "batch", "8", "eval_every", "3", "checkpoint_every", "3");
        assertTrue(((String) r.values().get("model")).startsWith("cnn 28x28x1"), r.values().toString());
        assertEquals(48L, ((Number) r.values().get("train_examples")).longValue());
        double acc = ((Number) r.values().get("test_accuracy")).doubleValue();
        assertTrue(acc >= 0 && acc <= 1, String.valueOf(acc));
        // conv 3x3x1x4 + 4, conv 3x3x4x8 + 8, dense (7*7*8)x16 + 16, dense 16x10 + 10
        assertEquals(36 + 4 + 288 + 8 + 392 * 16 + 16 + 160 + 10, ((Number) r.values().get("parameters")).longValue());
        assertWhole(dir);
    }

    @Test
    void anOptimizerFromAnotherBundleIsOneMoreChoice() throws Exception {
        List<ParamSpec> specs = List.of(ParamSpec.real("lr", 0.05, "", 0, 10, "learning rate"));
        OptimizerProvider custom = new OptimizerProvider() {
            @Override public String name() { return "custom"; }
            @Override public String description() { return "sgd under another name, as a third-party bundle would add it"; }
            @Override public List<ParamSpec> hyperParameters() { return specs; }
            @Override public Optimizer create(Ops ops, Map<String, ?> config) {
                return Optimizers.sgd(ops, OptimizerConfig.of(name(), specs, config).learningRate());
            }
        };
        List<OptimizerProvider> all = new java.util.ArrayList<>(org.polymorph.optimizers.internal.ClassicalOptimizers.all());
        all.add(custom);
        TrainMethod withCustom = new TrainMethod(() -> ts, () -> new AutodiffEngines(),
                ServiceCatalog.of("optimizer", all, OptimizerProvider::name), DatasetCatalogs.standard());
        ParamSpec choice = withCustom.params().stream().filter(p -> p.name().equals("optimizer")).findFirst().orElseThrow();
        assertTrue(choice.choices().contains("custom") && choice.choices().contains("adam"), choice.choices().toString());
        Map<String, String> raw = Map.of("dataset", "spirals:n=100", "hidden", "4", "steps", "5", "batch", "16", "optimizer", "custom");
        Result r = withCustom.run(Params.parse(withCustom.id(), withCustom.params(), raw), Progress.NONE, RunDirectory.create(tmp.resolve("custom")));
        assertEquals("custom", r.values().get("optimizer"));
        assertEquals(5L, ((Number) r.values().get("steps")).longValue());
        assertBad("optimizer", "optimizer", "custom");   // not registered in this test's catalog
        BadInputException momentum = assertThrows(BadInputException.class, () -> withCustom.run(Params.parse(withCustom.id(),
                withCustom.params(), Map.of("optimizer", "custom", "momentum", "0.5")), Progress.NONE, RunDirectory.create(tmp.resolve("m"))));
        assertTrue(momentum.getMessage().contains("'momentum'") && momentum.getMessage().contains("momentum, nesterov, rmsprop"),
                momentum.getMessage());
    }

    @Test
    void dataDirNamesTheFilesOfAFileDataset() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("mnist"));
        writeMnist(data, "train", 40);
        writeMnist(data, "t10k", 20);
        Result r = run(tmp.resolve("dd"), Progress.NONE, "dataset", "mnist", "data_dir", data.toString(), "hidden", "8", "steps", "5",
                "batch", "8");
        assertEquals(40L, ((Number) r.values().get("train_examples")).longValue());
        assertBad("data_dir", "dataset", "spirals", "data_dir", data.toString());
        assertBad("data_dir", "dataset", "mnist:" + data, "data_dir", data.toString());
        assertBad("dataset", "dataset", "mnist");   // no directory anywhere
    }

    @Test
    void aCancelledRunStopsWithItsCheckpoint() throws Exception {
        Path dir = tmp.resolve("cancelled");
        long[] last = {0};
        Progress cancelAfter7 = new Progress() {
            @Override public void update(long done, long total, String message) { last[0] = done; }
            @Override public boolean cancelled() { return last[0] >= 7; }
        };
        CancelledException e = assertThrows(CancelledException.class, () -> run(dir, cancelAfter7,
                "dataset", "spirals:n=100", "hidden", "4", "steps", "20", "batch", "16", "checkpoint_every", "50"));
        assertTrue(e.getMessage().contains("after step 7") && e.getMessage().contains("resume=true"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(7, Checkpoint.read(ts, dir.resolve(Checkpoint.FILE)).step());
    }

    /** Fashion-MNIST from Debian's dataset-fashion-mnist, found by name alone. */
    @Test
    void fashionMnistByName() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(Datasets.FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist is not installed");
        Result r = run(tmp.resolve("fashion"), Progress.NONE, "dataset", "fashion-mnist", "hidden", "32", "steps", "60", "batch", "64",
                "eval_every", "60", "lr", "0.003");
        assertEquals(60_000L, ((Number) r.values().get("train_examples")).longValue());
        assertEquals(10_000L, ((Number) r.values().get("test_examples")).longValue());
        double acc = ((Number) r.values().get("test_accuracy")).doubleValue();
        assertTrue(acc > 0.6, "test accuracy after 60 Adam steps " + acc);   // 10 classes: chance is 0.1
    }

    /** IDX files of n 28x28 images: class k = i mod 10 lights up row 2k (so the classes are separable). */
    private static void writeMnist(Path dir, String prefix, int n) throws Exception {
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + n * 784);
        img.putInt(0x803).putInt(n).putInt(28).putInt(28);
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + n);
        lab.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            for (int p = 0; p < 784; p++) img.put((byte) (p / 28 == 2 * k + 4 ? 255 : (p * 7 + i) % 32));
            lab.put((byte) k);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }

    private void assertBad(String param, String... kv) {
        BadInputException e = assertThrows(BadInputException.class, () -> run(tmp.resolve("bad"), Progress.NONE, kv),
                () -> "expected a BadInputException for " + String.join(" ", kv));
        assertTrue(e.getMessage().contains("'" + param + "'"), e.getMessage());
    }

    private double[] data(Tensor t) { return ts.toDoubleArray(t); }

    private static void assertWhole(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.containsAll(List.of("checkpoint.bin", "curve.csv", "curve.png")), names.toString());
            for (String n : names) assertFalse(n.startsWith(".") || n.endsWith(".tmp"), "left-over temporary file " + n);
        }
    }
}
