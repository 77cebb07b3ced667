package org.polymorph.optimizers.internal.task;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.nn.Activation;
import org.polymorph.autodiff.nn.AvgPool2D;
import org.polymorph.autodiff.nn.Conv2D;
import org.polymorph.autodiff.nn.Dense;
import org.polymorph.autodiff.nn.Flatten;
import org.polymorph.autodiff.nn.Initializer;
import org.polymorph.autodiff.nn.Initializers;
import org.polymorph.autodiff.nn.Padding;
import org.polymorph.autodiff.nn.Sequential;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The optimization tasks of this bundle, after learned_optimization (tasks/quadratics.py,
 * tasks/fixed/image_mlp.py, tasks/fixed/conv.py): batch 128, mean softmax cross-entropy, haiku's
 * default initialisation (weights truncated normal with stddev 1/sqrt(fan_in), truncated at two
 * standard deviations and not rescaled; biases zero), Fashion-MNIST's first 80 % of training images.
 */
public final class StandardTasks {
    /** Batch size of the image tasks (learned_optimization's). */
    static final int BATCH = 128;
    /** Standard deviation of a unit normal truncated to [-2, 2]: Initializers.scaled divides by it, haiku does not. */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    private StandardTasks() { }

    /** The tasks, Fashion-MNIST read from Debian's dataset-fashion-mnist directory. */
    public static List<OptimizationTask> all() { return all(Path.of(Datasets.FASHION_MNIST_DIR)); }

    /** The tasks with Fashion-MNIST read from {@code fashionMnist}. */
    public static List<OptimizationTask> all(Path fashionMnist) {
        return List.of(new QuadraticTask(10), new RosenbrockTask(10), mlp8(fashionMnist), mlp28(fashionMnist), conv8(fashionMnist));
    }

    /** ImageMLP_FashionMnist8_Relu32: 8x8 images flattened to 64, Dense(32) relu, Dense(10). */
    static OptimizationTask mlp8(Path dir) {
        return new ImageTask("image_mlp_fashion_mnist8_relu32", "image_mlp",
                "MLP 64-32-10 relu on Fashion-MNIST resized to 8x8 (learned_optimization ImageMLP_FashionMnist8_Relu32), batch 128",
                new Sequential(List.of(new Flatten(), dense(32), Activation.relu(), dense(10))), new int[] {64}, BATCH,
                ImageTask.denseParameters(64, 32, 10), ts -> FashionMnist.train(ts, dir, 8));
    }

    /**
     * The inner task of learned_optimization's no-dependency notebook (docs/notebooks/no_dependency_learned_optimizer.ipynb):
     * 8x8 Fashion-MNIST flattened to 64, Dense(128) relu, Dense(10), weights N(0, 1)·0.02, first bias 0, second bias 1,
     * batch 128. Not in {@link #all}: meta-training registers it.
     */
    public static OptimizationTask notebookMlp8(Path dir) {
        Initializer w = Initializers.gaussian(0.02);
        return new ImageTask("notebook_mlp_fashion_mnist8", "image_mlp",
                "MLP 64-128-10 relu on Fashion-MNIST 8x8, weights N(0,1)*0.02, biases 0 and 1 (learned_optimization's"
                        + " no-dependency notebook), batch 128",
                new Sequential(List.of(new Flatten(), new Dense(128, w, Initializers.zeros(), true), Activation.relu(),
                        new Dense(10, w, Initializers.constant(1), true))), new int[] {64}, BATCH,
                ImageTask.denseParameters(64, 128, 10), ts -> FashionMnist.train(ts, dir, 8));
    }

    /** ImageMLP_FashionMnist_Relu128x128: 28x28 images flattened to 784, two Dense(128) relu, Dense(10). */
    static OptimizationTask mlp28(Path dir) {
        return new ImageTask("image_mlp_fashion_mnist_relu128x128", "image_mlp",
                "MLP 784-128-128-10 relu on Fashion-MNIST 28x28 (learned_optimization ImageMLP_FashionMnist_Relu128x128), batch 128",
                new Sequential(List.of(new Flatten(), dense(128), Activation.relu(), dense(128), Activation.relu(), dense(10))),
                new int[] {784}, BATCH, ImageTask.denseParameters(784, 128, 128, 10), ts -> FashionMnist.train(ts, dir, 28));
    }

    /**
     * In the style of Conv_Cifar10_32x64x64 at small size: 8x8x1 Fashion-MNIST, 3x3 SAME convolutions with 16 (stride 2) and
     * 32 (stride 1) filters, each followed by relu, the mean over the 4x4 positions, Dense(10).
     */
    static OptimizationTask conv8(Path dir) {
        Sequential net = new Sequential(List.of(
                new Conv2D(16, 3, 3).strides(2, 2).padding(Padding.SAME).initializers(haiku(), Initializers.zeros()), Activation.relu(),
                new Conv2D(32, 3, 3).padding(Padding.SAME).initializers(haiku(), Initializers.zeros()), Activation.relu(),
                new AvgPool2D(4, 4), new Flatten(), dense(10)));
        long count = (3 * 3 * 16 + 16) + (3 * 3 * 16 * 32 + 32) + ImageTask.denseParameters(32, 10);
        return new ImageTask("conv_fashion_mnist8_16x32", "conv",
                "convnet 3x3x16 stride 2, 3x3x32, relu, mean pool, dense 10 on Fashion-MNIST 8x8x1 (learned_optimization"
                        + " Conv_Cifar10_32x64x64 style), batch 128", net, new int[] {8, 8, 1}, BATCH, count,
                ts -> FashionMnist.train(ts, dir, 8));
    }

    static Dense dense(int units) { return new Dense(units, haiku(), Initializers.zeros(), true); }

    /** haiku.initializers.TruncatedNormal(1 / sqrt(fan_in)): variance scale 0.8796^2 undoes the rescaling of scaled(). */
    static Initializer haiku() {
        return Initializers.scaled(TRUNCATED_STD * TRUNCATED_STD, Initializers.FanMode.FAN_IN, Initializers.Distribution.TRUNCATED_NORMAL);
    }
}
