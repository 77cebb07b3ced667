package org.polymorph.optimizers.internal.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * A multilayer perceptron written directly with {@link Ops}: {@code h = act(h W_i + b_i)} for the
 * hidden layers and {@code z = h W_out + b_out}. Features of any shape are flattened to
 * {@code [n, d]}. Parameters are a flat list {@code [W_0, b_0, W_1, b_1, ...]}; weights are drawn
 * from {@code key.foldIn(layer)}: He normal {@code N(0, 2 / fanIn)} before relu, gelu and silu,
 * Glorot normal {@code N(0, 2 / (fanIn + fanOut))} before tanh and sigmoid and for the output
 * layer; biases start at zero.
 */
final class Mlp implements Model {
    /** The activations nn.train offers. */
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu", "sigmoid", "silu");

    private final Ops ops;
    private final int[] widths;
    private final String activation;
    private final DType dtype;
    private final RandomKey key;

    /**
     * @param inputs  number of input features (product of the example shape)
     * @param hidden  widths of the hidden layers
     * @param outputs number of outputs (classes, or regression targets)
     */
    Mlp(Ops ops, int inputs, List<Integer> hidden, int outputs, String activation, DType dtype, RandomKey key) {
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException("unknown activation '" + activation + "'; use one of " + ACTIVATIONS);
        }
        this.ops = ops;
        this.widths = new int[hidden.size() + 2];
        widths[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) widths[i + 1] = hidden.get(i);
        widths[widths.length - 1] = outputs;
        this.activation = activation;
        this.dtype = dtype;
        this.key = key;
    }

    @Override
    public Object init() {
        TensorService ts = ops.tensors();
        List<Var> params = new ArrayList<>();
        boolean he = activation.equals("relu") || activation.equals("gelu") || activation.equals("silu");
        for (int l = 0; l + 1 < widths.length; l++) {
            int fanIn = widths[l], fanOut = widths[l + 1];
            boolean last = l + 2 == widths.length;
            double std = he && !last ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
            Var w = ops.constant(ts.normal(key.foldIn(l), dtype, fanIn, fanOut)).mul(std);
            params.add(ops.constant(w.value()));
            params.add(ops.constant(ts.zeros(dtype, fanOut)));
        }
        return List.copyOf(params);
    }

    @Override
    public Var apply(Object params, Var x) {
        List<?> p = (List<?>) params;
        Var h = x.rank() == 2 ? x : x.reshape(x.dim(0), (int) (x.size() / x.dim(0)));
        int layers = p.size() / 2;
        for (int l = 0; l < layers; l++) {
            h = h.matmul((Var) p.get(2 * l)).add((Var) p.get(2 * l + 1));
            if (l + 1 < layers) h = activate(h);
        }
        return h;
    }

    private Var activate(Var x) {
        switch (activation) {
            case "relu": return ops.maximum(x, ops.scalarLike(x, 0));
            case "tanh": return x.tanh();
            case "sigmoid": return ops.sigmoid(x);
            case "silu": return x.mul(ops.sigmoid(x));
            default: // gelu, exact form 0.5 x (1 + erf(x / sqrt 2))
                return x.mul(ops.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
        }
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("mlp ");
        for (int i = 0; i < widths.length; i++) sb.append(i == 0 ? "" : "-").append(widths[i]);
        return sb.append(' ').append(activation.toLowerCase(Locale.ROOT)).toString();
    }
}
