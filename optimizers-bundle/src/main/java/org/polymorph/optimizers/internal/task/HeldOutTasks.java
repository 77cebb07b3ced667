package org.polymorph.optimizers.internal.task;

import static org.polymorph.optimizers.internal.task.StandardTasks.dense;
import static org.polymorph.optimizers.internal.task.StandardTasks.haiku;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.nn.Activation;
import org.polymorph.autodiff.nn.AvgPool2D;
import org.polymorph.autodiff.nn.Conv2D;
import org.polymorph.autodiff.nn.Flatten;
import org.polymorph.autodiff.nn.Initializers;
import org.polymorph.autodiff.nn.Layer;
import org.polymorph.autodiff.nn.Padding;
import org.polymorph.autodiff.nn.Sequential;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Tasks kept out of meta-training (which uses image_mlp_fashion_mnist8_relu32 and the quadratic family) for
 * benchmarking learned optimizers on problems they have not seen, as VeLO's evaluation does (arXiv 2211.09760 §4):
 * Fashion-MNIST MLPs and a convnet at other image sizes, widths, depths, activations and batch sizes (MNIST itself is
 * not installable here), an RNN language model on a synthetic Markov source and a rotated ill-conditioned quadratic.
 * The Rosenbrock task of {@link StandardTasks} and materials' LJ cluster tasks are held out too; they are registered
 * by their own bundles. Initialisation and data recipe as {@link StandardTasks}.
 */
public final class HeldOutTasks {
    private HeldOutTasks() { }

    /** The tasks, Fashion-MNIST read from Debian's dataset-fashion-mnist directory. */
    public static List<OptimizationTask> all() { return all(Path.of(Datasets.FASHION_MNIST_DIR)); }

    /** The tasks with Fashion-MNIST read from {@code fashionMnist}. */
    public static List<OptimizationTask> all(Path fashionMnist) {
        return List.of(
                mlp(fashionMnist, 16, new int[] {64}, "relu", 128),
                mlp(fashionMnist, 8, new int[] {64, 64, 64}, "relu", 128),
                mlp(fashionMnist, 8, new int[] {128}, "tanh", 32),
                mlp(fashionMnist, 28, new int[] {32}, "relu", 128),
                conv16(fashionMnist),
                new MarkovLanguageTask(8, 8, 32, 16, 32, 2.0, 1),
                new IllConditionedQuadraticTask(20, 1e3, 1));
    }

    /**
     * An MLP on {@code side x side} Fashion-MNIST: Dense(w) then the activation ({@code relu} or {@code tanh}) per hidden
     * width w, Dense(10). Named {@code image_mlp_fashion_mnist<side>_<act><w1>x<w2>..._b<batch>} (side left out at 28,
     * the batch at 128).
     */
    static OptimizationTask mlp(Path dir, int side, int[] hidden, String act, int batch) {
        if (!act.equals("relu") && !act.equals("tanh")) throw new IllegalArgumentException("held-out MLP: activation " + act + "; use relu or tanh");
        List<Layer> layers = new ArrayList<>(List.of(new Flatten()));
        int[] widths = new int[hidden.length + 2];
        widths[0] = side * side;
        widths[hidden.length + 1] = 10;
        StringJoiner shape = new StringJoiner("x");
        for (int i = 0; i < hidden.length; i++) {
            layers.add(dense(hidden[i]));
            layers.add(act.equals("tanh") ? Activation.tanh() : Activation.relu());
            widths[i + 1] = hidden[i];
            shape.add(String.valueOf(hidden[i]));
        }
        layers.add(dense(10));
        String name = "image_mlp_fashion_mnist" + (side == FashionMnist.SOURCE ? "" : side) + "_" + act + shape
                + (batch == StandardTasks.BATCH ? "" : "_b" + batch);
        String arch = Arrays.stream(widths).mapToObj(String::valueOf).collect(Collectors.joining("-"));
        return new ImageTask(name, "image_mlp", "MLP " + arch + " " + act + " on Fashion-MNIST " + side + "x" + side + ", batch " + batch,
                new Sequential(layers), new int[] {side * side}, batch, ImageTask.denseParameters(widths),
                ts -> FashionMnist.train(ts, dir, side));
    }

    /** 16x16x1 Fashion-MNIST: 3x3 SAME convolutions with 8 and 16 filters, both stride 2, relu, mean over 4x4, Dense(10); batch 64. */
    static OptimizationTask conv16(Path dir) {
        Sequential net = new Sequential(List.of(
                new Conv2D(8, 3, 3).strides(2, 2).padding(Padding.SAME).initializers(haiku(), Initializers.zeros()), Activation.relu(),
                new Conv2D(16, 3, 3).strides(2, 2).padding(Padding.SAME).initializers(haiku(), Initializers.zeros()), Activation.relu(),
                new AvgPool2D(4, 4), new Flatten(), dense(10)));
        long count = (3 * 3 * 8 + 8) + (3 * 3 * 8 * 16 + 16) + ImageTask.denseParameters(16, 10);
        return new ImageTask("conv_fashion_mnist16_8x16_b64", "conv",
                "convnet 3x3x8 stride 2, 3x3x16 stride 2, relu, mean pool, dense 10 on Fashion-MNIST 16x16x1, batch 64", net,
                new int[] {16, 16, 1}, 64, count, ts -> FashionMnist.train(ts, dir, 16));
    }
}
