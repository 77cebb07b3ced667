package org.polymorph.optimizers.internal.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.task.OptimizationTask;

/** Every task: finite loss, gradient = finite differences, pure in its key, and Adam lowers the loss. */
class StandardTasksTest {
    private final AdTesting t = new AdTesting();
    @TempDir static Path data;

    /** The tasks with Fashion-MNIST replaced by 320 separable 28x28 images (class k: a bright band at rows 2k+4..2k+6). */
    private static Map<String, OptimizationTask> tasks() throws Exception {
        Path dir = data.resolve("fashion");
        if (!Files.isDirectory(dir)) writeImages(Files.createDirectories(dir), 320);
        return StandardTasks.all(dir).stream().collect(Collectors.toMap(OptimizationTask::name, x -> x));
    }

    @Test
    void theRegisteredSetHasTheExpectedNamesAndSizes() throws Exception {
        Map<String, OptimizationTask> all = tasks();
        assertEquals(List.of("quadratic", "rosenbrock", "image_mlp_fashion_mnist8_relu32", "image_mlp_fashion_mnist_relu128x128",
                "conv_fashion_mnist8_16x32"), StandardTasks.all(data).stream().map(OptimizationTask::name).toList());
        assertEquals(64 * 32 + 32 + 32 * 10 + 10, all.get("image_mlp_fashion_mnist8_relu32").parameterCount());
        assertEquals(118_282, all.get("image_mlp_fashion_mnist_relu128x128").parameterCount());
        for (OptimizationTask task : all.values()) {
            long leaves = Trees.flatten(task.init(t.o, RandomKey.of(0)), t.o).leaves().stream().mapToLong(Var::size).sum();
            assertEquals(task.parameterCount(), leaves, task.name());
        }
    }

    @Test
    void lossIsFiniteAndItsGradientMatchesFiniteDifferences() throws Exception {
        for (OptimizationTask task : tasks().values()) {
            Object params = task.init(t.o, RandomKey.of(3));
            Object batch = task.batches(t.ts, RandomKey.of(4)).batch(0);
            double loss = task.loss(t.o, params, batch).item();
            assertTrue(Double.isFinite(loss), task.name() + " loss " + loss);
            Trees.Flat flat = Trees.flatten(params, t.o);
            // relu networks: a small step keeps finite differences off the kinks of the many units
            boolean smooth = task.batches(t.ts, RandomKey.of(4)) == OptimizationTask.BatchStream.NONE;
            GradCheck check = smooth ? t.check : new GradCheck(t.ad, 1e-8, 1e-6, 1e-5, 1);
            assertDoesNotThrow(() -> check.check(x -> task.loss(t.o, Trees.unflatten(flat.def(), List.of(x)), batch),
                    flat.leaves().toArray(new Var[0]), smooth ? 2 : 1), task.name());
        }
    }

    @Test
    void everythingIsAPureFunctionOfTheKey() throws Exception {
        for (OptimizationTask task : tasks().values()) {
            double[] a = leaves(task.init(t.o, RandomKey.of(5))), b = leaves(task.init(t.o, RandomKey.of(5)));
            assertArrayEquals(a, b, 0.0, task.name());
            assertFalse(Arrays.equals(a, leaves(task.init(t.o, RandomKey.of(6)))), task.name());
            OptimizationTask.BatchStream s1 = task.batches(t.ts, RandomKey.of(7)), s2 = task.batches(t.ts, RandomKey.of(7));
            for (long k : new long[] {3, 0, 2, 3}) assertArrayEquals(leaves(s1.batch(k)), leaves(s2.batch(k)), 0.0, task.name() + " batch " + k);
        }
        OptimizationTask mlp = tasks().get("image_mlp_fashion_mnist8_relu32");
        assertFalse(Arrays.equals(leaves(mlp.batches(t.ts, RandomKey.of(1)).batch(0)), leaves(mlp.batches(t.ts, RandomKey.of(2)).batch(0))));
    }

    @Test
    void adamLowersEveryLoss() throws Exception {
        for (OptimizationTask task : tasks().values()) {
            boolean data = task.batches(t.ts, RandomKey.of(0)) != OptimizationTask.BatchStream.NONE;
            double[] ends = adam(task, data ? 25 : 60, 0.01);
            assertTrue(ends[1] < 0.5 * ends[0], task.name() + ": loss " + ends[0] + " -> " + ends[1]);
        }
    }

    @Test
    void resizeIsTensorFlowsHalfPixelBilinear() {
        double[] w = FashionMnist.resizeMatrix(28, 8);
        // output row 0 samples input row (0 + 0.5) * 3.5 - 0.5 = 1.25: 0.75 of row 1 and 0.25 of row 2
        assertEquals(0.75 * 0.75, w[(28 + 1) * 64], 1e-15);
        assertEquals(0.25 * 0.75, w[(2 * 28 + 1) * 64], 1e-15);
        for (int out = 0; out < 64; out++) {
            double sum = 0;
            for (int in = 0; in < 784; in++) sum += w[in * 64 + out];
            assertEquals(1.0, sum, 1e-12, "weights of output pixel " + out);
        }
    }

    @Test
    void missingImagesNameTheDirectoryAndThePackage() {
        OptimizationTask task = StandardTasks.mlp8(data.resolve("absent"));
        String msg = assertThrows(IllegalStateException.class, () -> task.batches(t.ts, RandomKey.of(0))).getMessage();
        assertTrue(msg.contains("absent") && msg.contains("dataset-fashion-mnist"), msg);
    }

    /** learned_optimization's recipe on the real files: 48,000 images of 8x8, and Adam (lr 1e-2) learns them. */
    @Test
    void fashionMnist8OnTheRealFiles() {
        Path dir = Path.of(Datasets.FASHION_MNIST_DIR);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist is not installed");
        Dataset train = FashionMnist.train(t.ts, dir, 8);
        assertArrayEquals(new int[] {48_000, 64}, train.x().shape().toArray());
        double[] ends = adam(StandardTasks.mlp8(dir), 300, 0.01);
        assertTrue(ends[0] > 2.0 && ends[1] < 1.0, "loss " + ends[0] + " -> " + ends[1]);   // ln 10 = 2.30 at the start
    }

    /** Mean loss over the first and the last 5 of {@code steps} Adam steps. */
    private double[] adam(OptimizationTask task, int steps, double lr) {
        Optimizer opt = Optimizers.adam(t.o, Schedule.constant(lr), 0.9, 0.999, 1e-8);
        Object params = task.init(t.o, RandomKey.of(11));
        OptState state = opt.init(params);
        OptimizationTask.BatchStream data = task.batches(t.ts, RandomKey.of(12));
        double first = 0, last = 0;
        for (int k = 0; k < steps; k++) {
            Object batch = data.batch(k);
            var vg = t.ad.valueAndGrad(p -> task.loss(t.o, p, batch), params);
            if (k < 5) first += vg.value().item() / 5;
            if (k >= steps - 5) last += vg.value().item() / 5;
            Update u = opt.update(vg.grad(), state, params);
            params = opt.applyUpdates(params, u.updates());
            state = u.state();
        }
        return new double[] {first, last};
    }

    private double[] leaves(Object tree) {
        return Trees.flatten(tree, t.o).leaves().stream().flatMapToDouble(v -> Arrays.stream(t.ts.toDoubleArray(v.value()))).toArray();
    }

    static void writeImages(Path dir, int n) throws Exception {
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            for (int p = 0; p < 784; p++) img.put((byte) (p / 28 >= 2 * k + 4 && p / 28 < 2 * k + 7 ? 255 : (p * 7 + i) % 32));
            lab.put((byte) k);
        }
        Files.write(dir.resolve("train-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), lab.array());
    }
}
