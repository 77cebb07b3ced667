package org.polymorph.analysis.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Conv2D;
import org.polymorph.autodiff.nn.Padding;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * A finite network: parameters are a pytree {@code List<Map<String, Tensor>>} aligned with the layers (an empty map
 * for layers without parameters; "w", "b" for dense (in, out) / (out) and conv HWIO (kh, kw, cin, cout) / (cout)),
 * standard normal entries; the forward pass applies the stax NTK parameterisation
 * (neural-tangents {@code stax.Dense}/{@code stax.Conv}, Jacot et al. 2018 eq. 1):
 * dense y = (w_std/√fan_in)·x·W + b_std·b with fan_in = in; conv likewise with fan_in = kh·kw·cin (NHWC inputs).
 * The forward pass is written in the autodiff {@link Ops} only, so it is differentiable to any order, in both
 * modes, with respect to the parameters and the input.
 */
public final class Network {
    private final NetworkSpec spec;
    private final int[] inputShape;
    private final List<int[]> layerInputs;     // shape before layer i, without the batch axis
    private final int[] outputShape;

    /** @param inputShape one example's shape (features) or (H, W, C); BadInputException when a layer does not fit it */
    public Network(NetworkSpec spec, int[] inputShape) {
        this.spec = spec;
        this.inputShape = inputShape.clone();
        List<int[]> shapes = new ArrayList<>();
        int[] s = inputShape.clone();
        for (int i = 0; i < spec.layers().size(); i++) {
            shapes.add(s);
            s = spec.layerOutputShape(i, s);
        }
        this.layerInputs = List.copyOf(shapes);
        this.outputShape = s;
    }

    public NetworkSpec spec() { return spec; }

    public int[] inputShape() { return inputShape.clone(); }

    public int[] outputShape() { return outputShape.clone(); }

    /** Standard normal parameters in float64; layer i draws from {@code key.foldIn(i)} ("w" from foldIn(0), "b" from foldIn(1)). */
    public List<Map<String, Tensor>> init(TensorService ts, RandomKey key) {
        List<Map<String, Tensor>> params = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Map<String, Tensor> p = new LinkedHashMap<>();
            int[][] shapes = paramShapes(i);
            if (shapes != null) {
                RandomKey k = key.foldIn(i);
                p.put("w", ts.normal(k.foldIn(0), DType.FLOAT64, shapes[0]));
                p.put("b", ts.normal(k.foldIn(1), DType.FLOAT64, shapes[1]));
            }
            params.add(Map.copyOf(p));
        }
        return List.copyOf(params);
    }

    /** {w shape, b shape} of layer {@code index}, or null for a layer without parameters. */
    public int[][] paramShapes(int index) {
        LayerSpec l = spec.layers().get(index);
        int[] in = layerInputs.get(index);
        return switch (l.kind()) {
            case DENSE -> new int[][] {{in[in.length - 1], l.intArg("out")}, {l.intArg("out")}};
            case CONV -> new int[][] {{l.intArg("kernel"), l.intArg("kernel"), in[2], l.intArg("out")}, {l.intArg("out")}};
            default -> null;
        };
    }

    /** The parameters as constants of {@code ops} (no derivative), for a call of {@link #apply} outside a transformation. */
    public static List<Map<String, Var>> constants(Ops ops, List<Map<String, Tensor>> params) {
        List<Map<String, Var>> out = new ArrayList<>();
        for (Map<String, Tensor> p : params) {
            Map<String, Var> m = new LinkedHashMap<>();
            p.forEach((k, t) -> m.put(k, ops.constant(t)));
            out.add(m);
        }
        return out;
    }

    /** f(params, x): x (n, ...inputShape) → (n, ...outputShape); params a pytree of Vars as above. */
    public Var apply(AD ad, List<Map<String, Var>> params, Var x) {
        int[] xs = x.shape().toArray();
        if (xs.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(xs, 1, xs.length), inputShape)) {
            String want = "(n, " + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + ")";
            throw new BadInputException("input x has shape " + Arrays.toString(xs) + " but the network expects " + want
                    + "; give inputs of that shape or build the network for the input's shape", "x", Arrays.toString(xs),
                    "give inputs of shape " + want);
        }
        if (params.size() != spec.layers().size()) {
            throw new IllegalArgumentException("params has " + params.size() + " entries but the network has "
                    + spec.layers().size() + " layers; give one map per layer (empty for layers without parameters)");
        }
        Var h = x;
        for (int i = 0; i < spec.layers().size(); i++) h = layer(ad.ops(), i, params.get(i), h);
        return h;
    }

    private Var layer(Ops o, int i, Map<String, Var> p, Var h) {
        LayerSpec l = spec.layers().get(i);
        return switch (l.kind()) {
            case DENSE -> dense(o, l, param(p, i, "w"), param(p, i, "b"), h);
            case CONV -> conv(o, l, param(p, i, "w"), param(p, i, "b"), h);
            case AVG_POOL -> avgPool(o, l.intArg("window"), l.intArg("stride"), h);
            case GLOBAL_AVG_POOL -> o.mean(h, 1, 2);
            case FLATTEN -> o.reshape(h, h.dim(0), -1);
            case IDENTITY -> h;
            default -> Activations.apply(o, l, h);
        };
    }

    private Var param(Map<String, Var> p, int i, String name) {
        Var v = p.get(name);
        int[] want = paramShapes(i)[name.equals("w") ? 0 : 1];
        if (v == null || !Arrays.equals(v.shape().toArray(), want)) {
            throw new IllegalArgumentException("params[" + i + "] (" + spec.layers().get(i).text() + "): '" + name + "' "
                    + (v == null ? "is missing" : "has shape " + v.shape()) + "; it must have shape " + Arrays.toString(want));
        }
        return v;
    }

    /** (w_std/√fan_in)·h·W + b_std·b over the last axis of h (n, ..., in). */
    private static Var dense(Ops o, LayerSpec l, Var w, Var b, Var h) {
        int in = w.dim(0);
        int out = w.dim(1);
        int[] hs = h.shape().toArray();
        Var flat = hs.length == 2 ? h : o.reshape(h, -1, in);
        Var y = o.matmul(flat, w);
        if (hs.length != 2) {
            hs[hs.length - 1] = out;
            y = o.reshape(y, hs);
        }
        return affine(o, y, l.doubleArg("w_std") / Math.sqrt(in), l.doubleArg("b_std"), b);
    }

    /** NHWC convolution (cross-correlation) with an HWIO kernel, scaled by w_std/√(kh·kw·cin). */
    private static Var conv(Ops o, LayerSpec l, Var w, Var b, Var h) {
        int s = l.intArg("stride");
        Padding pad = l.textArg("padding").equals("same") ? Padding.SAME : Padding.VALID;
        Var y = Conv2D.conv2d(h, w, new int[] {s, s}, pad, new int[] {1, 1});
        int fanIn = w.dim(0) * w.dim(1) * w.dim(2);
        return affine(o, y, l.doubleArg("w_std") / Math.sqrt(fanIn), l.doubleArg("b_std"), b);
    }

    private static Var affine(Ops o, Var y, double wScale, double bStd, Var b) {
        Var out = o.mul(y, o.scalarLike(y, wScale));
        return o.add(out, o.mul(b, o.scalarLike(b, bStd)));
    }

    /** Mean over window×window cells of h (n, H, W, C), VALID padding: the sum of strided slices divided by window². */
    private static Var avgPool(Ops o, int window, int stride, Var h) {
        int oh = NetworkSpec.windowOutput(h.dim(1), window, stride, false);
        int ow = NetworkSpec.windowOutput(h.dim(2), window, stride, false);
        Var sum = null;
        for (int i = 0; i < window; i++) {
            for (int j = 0; j < window; j++) {
                Var cell = o.slice(h, new int[] {0, i, j, 0},
                        new int[] {h.dim(0), i + (oh - 1) * stride + 1, j + (ow - 1) * stride + 1, h.dim(3)},
                        new int[] {1, stride, stride, 1});
                sum = sum == null ? cell : o.add(sum, cell);
            }
        }
        return o.mul(sum, o.scalarLike(sum, 1.0 / (window * window)));
    }

    /** Number of scalar parameters (w and b of every dense and conv layer). */
    public long parameterCount() {
        long n = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            int[][] s = paramShapes(i);
            if (s != null) n += Arrays.stream(s[0]).asLongStream().reduce(1, (a, c) -> a * c) + s[1][0];
        }
        return n;
    }

    /** The shape before layer {@code index} (without the batch axis). */
    public int[] layerInputShape(int index) { return layerInputs.get(index).clone(); }

    @Override public String toString() { return "Network(" + spec.text() + ", input " + Arrays.toString(inputShape) + ")"; }
}
