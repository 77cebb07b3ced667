package org.polymorph.optimizers.internal.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Activation;
import org.polymorph.autodiff.nn.Context;
import org.polymorph.autodiff.nn.Conv2D;
import org.polymorph.autodiff.nn.Dense;
import org.polymorph.autodiff.nn.Flatten;
import org.polymorph.autodiff.nn.Initializer;
import org.polymorph.autodiff.nn.Initializers;
import org.polymorph.autodiff.nn.Layer;
import org.polymorph.autodiff.nn.MaxPool2D;
import org.polymorph.autodiff.nn.Padding;
import org.polymorph.autodiff.nn.Sequential;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * The models of nn.train, built from the nn layers (org.polymorph.autodiff.nn) as one
 * {@link Sequential}; all layers are stateless, applied in evaluation mode.
 * <ul>
 *   <li>mlp: Flatten, then per hidden width {@code Dense(h)} and the activation, then {@code Dense(outputs)};</li>
 *   <li>cnn (NHWC images): per entry of {@code channels} a 3x3 SAME {@code Conv2D(c)}, the activation and a
 *       2x2 {@code MaxPool2D} (skipped once the image is smaller than 2x2), then Flatten and the mlp head.</li>
 * </ul>
 * Kernels are He normal ({@code 2 / fanIn}, truncated) before relu, gelu, swish and softplus, Glorot
 * normal before tanh and sigmoid and in the output layer; biases start at zero. Parameters are the
 * Sequential's pytree (a list with one entry per layer: Dense.Params / Conv2D.Params records or
 * empty maps), initialised from {@code key}.
 */
final class NnModel implements Model {
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu", "sigmoid", "swish", "softplus");

    private final Ops ops;
    private final Sequential net;
    private final Object params;
    private final Object state;
    private final int[] inputShape;
    private final String description;

    private NnModel(Ops ops, Sequential net, int[] inputShape, DType dtype, RandomKey key, String description) {
        this.ops = ops;
        this.net = net;
        this.inputShape = inputShape.clone();
        int[] withBatch = new int[inputShape.length + 1];
        withBatch[0] = 1;
        System.arraycopy(inputShape, 0, withBatch, 1, inputShape.length);
        Layer.Init init = net.init(ops, key, Shape.of(withBatch), dtype);
        this.params = init.params();
        this.state = init.state();
        this.description = description;
    }

    /** An MLP over examples of any shape (flattened). */
    static NnModel mlp(Ops ops, int[] exampleShape, List<Integer> hidden, int outputs, String activation, DType dtype, RandomKey key) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten());
        head(layers, hidden, outputs, activation);
        int inputs = Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b);
        String widths = inputs + "-" + hidden.stream().map(String::valueOf).collect(Collectors.joining("-")) + "-" + outputs;
        return new NnModel(ops, new Sequential(layers), exampleShape, dtype, key, "mlp " + widths + " " + activation);
    }

    /** A CNN over NHWC images {@code [h, w, c]}. */
    static NnModel cnn(Ops ops, int[] image, List<Integer> channels, List<Integer> hidden, int outputs, String activation,
                       DType dtype, RandomKey key) {
        if (image.length != 3) throw new IllegalArgumentException("cnn: examples must be images [h, w, c], got " + Arrays.toString(image));
        List<Layer> layers = new ArrayList<>();
        int h = image[0], w = image[1];
        StringBuilder d = new StringBuilder("cnn " + h + "x" + w + "x" + image[2]);
        for (int c : channels) {
            layers.add(new Conv2D(c, 3, 3).padding(Padding.SAME).initializers(kernelInit(activation), Initializers.zeros()));
            layers.add(activation(activation));
            d.append(" conv3x3:").append(c);
            if (h >= 2 && w >= 2) {
                layers.add(new MaxPool2D(2, 2));
                h /= 2;
                w /= 2;
                d.append(" pool2");
            }
        }
        layers.add(new Flatten());
        head(layers, hidden, outputs, activation);
        d.append(" | dense ").append(hidden.stream().map(String::valueOf).collect(Collectors.joining("-"))).append('-').append(outputs)
                .append(' ').append(activation);
        return new NnModel(ops, new Sequential(layers), image, dtype, key, d.toString());
    }

    private static void head(List<Layer> layers, List<Integer> hidden, int outputs, String activation) {
        for (int units : hidden) {
            layers.add(new Dense(units, kernelInit(activation), Initializers.zeros(), true));
            layers.add(activation(activation));
        }
        layers.add(new Dense(outputs, Initializers.glorotNormal(), Initializers.zeros(), true));
    }

    private static Initializer kernelInit(String activation) {
        return activation.equals("tanh") || activation.equals("sigmoid") ? Initializers.glorotNormal() : Initializers.heNormal();
    }

    static Activation activation(String name) {
        switch (name) {
            case "relu": return Activation.relu();
            case "tanh": return Activation.tanh();
            case "gelu": return Activation.gelu();
            case "sigmoid": return Activation.sigmoid();
            case "swish": return Activation.swish();
            case "softplus": return Activation.softplus();
            default: throw new IllegalArgumentException("unknown activation '" + name + "'; use one of " + ACTIVATIONS);
        }
    }

    @Override public Object init() { return params; }

    @Override
    public Var apply(Object p, Var x) {
        int n = x.dim(0);
        if (x.size() != (long) n * Arrays.stream(inputShape).reduce(1, (a, b) -> a * b)) {
            throw new IllegalArgumentException("model " + description + ": input " + x.shape() + " does not hold examples of shape "
                    + Arrays.toString(inputShape));
        }
        if (x.rank() != inputShape.length + 1) {
            int[] s = new int[inputShape.length + 1];
            s[0] = n;
            System.arraycopy(inputShape, 0, s, 1, inputShape.length);
            x = ops.reshape(x, s);
        }
        return net.apply(p, state, x, Context.eval()).y();
    }

    @Override public String describe() { return description; }
}
