package org.polymorph.optimizers.internal.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.optimizers.task.OptimizationTask;

/** The held-out tasks: names and sizes, finite losses with exact gradients, purity, and the two synthetic problems' math. */
class HeldOutTasksTest {
    private final AdTesting t = new AdTesting();
    @TempDir static Path data;

    private static Map<String, OptimizationTask> tasks() throws Exception {
        Path dir = data.resolve("fashion");
        if (!Files.isDirectory(dir)) SyntheticFashion.write(Files.createDirectories(dir), 320);
        return HeldOutTasks.all(dir).stream().collect(Collectors.toMap(OptimizationTask::name, x -> x));
    }

    @Test
    void sevenNewTasksNoneOfThemAStandardOne() throws Exception {
        Map<String, OptimizationTask> all = tasks();
        assertEquals(Set.of("image_mlp_fashion_mnist16_relu64", "image_mlp_fashion_mnist8_relu64x64x64", "image_mlp_fashion_mnist8_tanh128_b32",
                "image_mlp_fashion_mnist_relu32", "conv_fashion_mnist16_8x16_b64", "rnn_lm_markov8_h32", "quadratic_ill_conditioned_20_k1000"),
                all.keySet());
        Set<String> standard = new HashSet<>(StandardTasks.all(data).stream().map(OptimizationTask::name).toList());
        Set<String> families = new HashSet<>(StandardTasks.all(data).stream().map(OptimizationTask::family).toList());
        assertFalse(all.keySet().stream().anyMatch(standard::contains));
        assertFalse(families.contains(all.get("quadratic_ill_conditioned_20_k1000").family()), "held out from the quadratic family");
        assertEquals(256 * 64 + 64 + 64 * 10 + 10, all.get("image_mlp_fashion_mnist16_relu64").parameterCount());
        assertEquals(8 * 8 + 8 * 32 + 32 * 32 + 32 + 32 * 8 + 8, all.get("rnn_lm_markov8_h32").parameterCount());
        for (OptimizationTask task : all.values()) {
            Object params = task.init(t.o, RandomKey.of(0));
            assertEquals(task.parameterCount(), Trees.flatten(params, t.o).leaves().stream().mapToLong(Var::size).sum(), task.name());
            double loss = task.loss(t.o, params, task.batches(t.ts, RandomKey.of(1)).batch(0)).item();
            assertTrue(Double.isFinite(loss) && loss > 0, task.name() + " loss " + loss);
        }
    }

    @Test
    void pureFunctionsOfTheirKeys() throws Exception {
        for (OptimizationTask task : tasks().values()) {
            assertArrayEquals(leaves(task.init(t.o, RandomKey.of(5))), leaves(task.init(t.o, RandomKey.of(5))), 0.0, task.name());
            assertFalse(Arrays.equals(leaves(task.init(t.o, RandomKey.of(5))), leaves(task.init(t.o, RandomKey.of(6)))), task.name());
            OptimizationTask.BatchStream a = task.batches(t.ts, RandomKey.of(7)), b = task.batches(t.ts, RandomKey.of(7));
            for (long k : new long[] {2, 0, 2}) assertArrayEquals(leaves(a.batch(k)), leaves(b.batch(k)), 0.0, task.name() + " batch " + k);
        }
    }

    @Test
    void rnnAndQuadraticGradientsMatchFiniteDifferences() throws Exception {
        for (String name : List.of("rnn_lm_markov8_h32", "quadratic_ill_conditioned_20_k1000")) {
            OptimizationTask task = tasks().get(name);
            Object params = task.init(t.o, RandomKey.of(3));
            Object batch = task.batches(t.ts, RandomKey.of(4)).batch(0);
            Trees.Flat flat = Trees.flatten(params, t.o);
            assertDoesNotThrow(() -> t.check.check(xs -> task.loss(t.o, Trees.unflatten(flat.def(), List.of(xs)), batch),
                    flat.leaves().toArray(new Var[0]), 1), name);
        }
    }

    /** A = Q diag(λ) Qᵀ with Q orthogonal: symmetric, trace Σλ, Frobenius norm² Σλ², λ from 1 to κ; loss ½ xᵀAx. */
    @Test
    void illConditionedQuadraticHasTheAskedSpectrum() {
        int n = 5;
        IllConditionedQuadraticTask task = new IllConditionedQuadraticTask(n, 16, 2);
        double[] a = task.matrix();
        double trace = 0, frob = 0, sum = 0, sumSq = 0;
        for (int k = 0; k < n; k++) {
            double lambda = Math.pow(16, k / 4.0);   // 1, 2, 4, 8, 16
            sum += lambda;
            sumSq += lambda * lambda;
            trace += a[k * n + k];
        }
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) {
            assertEquals(a[r * n + c], a[c * n + r], 1e-12, "symmetric");
            frob += a[r * n + c] * a[r * n + c];
        }
        assertEquals(31, sum, 1e-12);
        assertEquals(sum, trace, 1e-10);
        assertEquals(sumSq, frob, 1e-9);
        assertFalse(Math.abs(a[1]) < 1e-6, "rotated: off-diagonal entries");
        double[] x = {1, -2, 0.5, 3, 0};
        double want = 0;
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) want += 0.5 * x[r] * a[r * n + c] * x[c];
        assertEquals(want, task.loss(t.o, t.vec(x), null).item(), 1e-12);
    }

    /** Tokens stay in the vocabulary, follow the source's transitions, and the best possible loss lies below ln(vocab). */
    @Test
    void markovSourceSamplesItsTransitionMatrix() {
        MarkovLanguageTask task = new MarkovLanguageTask(4, 2, 3, 8, 400, 2.0, 1);
        Tensor batch = (Tensor) task.batches(t.ts, RandomKey.of(9)).batch(3);
        assertArrayEquals(new int[] {400, 9}, batch.shape().toArray());
        long[] tok = t.ts.toLongArray(batch);
        assertTrue(Arrays.stream(tok).allMatch(v -> v >= 0 && v < 4));
        double min = task.minimumLoss();
        assertTrue(min > 0 && min < Math.log(4) - 0.2, "minimum loss " + min + " vs ln 4 = " + Math.log(4));
        // the uniform model's loss is ln 4 whatever the data: logits 0 (all weights zero)
        Object zero = Trees.unflatten(Trees.flatten(task.init(t.o, RandomKey.of(0)), t.o).def(),
                Trees.flatten(task.init(t.o, RandomKey.of(0)), t.o).leaves().stream().map(t.o::zerosLike).toList());
        assertEquals(Math.log(4), task.loss(t.o, zero, batch).item(), 1e-12);
    }

    private double[] leaves(Object tree) {
        return Trees.flatten(tree, t.o).leaves().stream().flatMapToDouble(v -> Arrays.stream(t.ts.toDoubleArray(v.value()))).toArray();
    }
}
