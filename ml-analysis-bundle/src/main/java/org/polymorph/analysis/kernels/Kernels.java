package org.polymorph.analysis.kernels;

import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.analysis.network.LayerSpec;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Infinite-width NNGP and NTK of a {@link NetworkSpec}, propagated layer by layer as neural-tangents' stax
 * {@code kernel_fn} does (NTK parameterisation; {@code neural_tangents/_src/stax/linear.py}, {@code elementwise.py}):
 * <ul>
 *   <li>input: K(x, x') = x·x'/C over the channel (last) axis, per pixel pair for images (n, h, w, C); Θ = 0;</li>
 *   <li>dense / conv (w_std σ_w, b_std σ_b): K' = σ_w² A(K) + σ_b², Θ' = K' + σ_w² A(Θ), with A the identity for dense
 *       and the tap average for conv;</li>
 *   <li>nonlinearity φ: K' = E[φ(u)φ(v)], Θ' = Θ · E[φ'(u)φ'(v)], (u, v) ~ N(0, K) (closed forms or quadrature);</li>
 *   <li>avg_pool, global_avg_pool, flatten: the same linear map on K and Θ.</li>
 * </ul>
 * Images keep per-pixel covariances. As stax, the spatial covariance is stored only between equal pixels (diagonal,
 * (n, n, h, w)) when every later layer needs no more (conv, pointwise layers, flatten), and between all pixel pairs
 * ((n, n, h, w, h, w)) when the network pools ({@link SpatialForm#AUTO}).
 */
public final class Kernels {
    /** How image kernels are stored; both give the same result wherever DIAGONAL applies. */
    public enum SpatialForm {
        /** DIAGONAL unless the network has avg_pool or global_avg_pool (stax's choice). */
        AUTO,
        /** Covariances between equal pixels only; not valid with pooling. */
        DIAGONAL,
        /** Covariances between all pixel pairs. */
        FULL
    }

    private final TensorService ts;
    private final GaussianQuadrature quadrature;

    /** @param quadraturePoints nodes per direction of the quadrature for tanh, gelu and sigmoid (≥ 2) */
    public Kernels(TensorService ts, int quadraturePoints) {
        if (quadraturePoints < 2 || quadraturePoints > 512) {
            throw BadInputException.forParam("quadrature", quadraturePoints, "must be between 2 and 512",
                    "use 48 (the default) or more for smoother kernels");
        }
        this.ts = ts;
        this.quadrature = new GaussianQuadrature(quadraturePoints);
    }

    public Kernels(TensorService ts) { this(ts, GaussianQuadrature.DEFAULT_POINTS); }

    /** NNGP and NTK (n1, n2) between x1 (n1, d) or (n1, h, w, C) and x2 (same trailing shape; null means x1). */
    public KernelPair compute(NetworkSpec spec, Tensor x1, Tensor x2) { return compute(spec, x1, x2, SpatialForm.AUTO); }

    public KernelPair compute(NetworkSpec spec, Tensor x1, Tensor x2, SpatialForm form) {
        return compute(spec, x1, x2, form, (done, total) -> { });
    }

    /** Reports progress after each layer (layers done, layers in all); it may throw to cancel. */
    @FunctionalInterface
    @ConsumerType
    public interface LayerListener {
        void layerDone(int done, int total);
    }

    /** As {@link #compute(NetworkSpec, Tensor, Tensor, SpatialForm)}, calling {@code listener} after each layer. */
    public KernelPair compute(NetworkSpec spec, Tensor x1, Tensor x2, SpatialForm form, LayerListener listener) {
        int n1 = x1.dim(0);
        int[] inputShape = java.util.Arrays.copyOfRange(x1.shape().toArray(), 1, x1.rank());
        if (spec.outputShape(inputShape).length != 1) {   // checked before any work: image outputs have no (n1, n2) kernel
            throw BadInputException.forParam("layers", spec.text(), "gives outputs of shape "
                    + java.util.Arrays.toString(spec.outputShape(inputShape)) + " per example for inputs of shape "
                    + java.util.Arrays.toString(inputShape) + ", but kernels are written per input pair",
                    "end the network with flatten or global_avg_pool (add flatten first for dense layers on images)");
        }
        Tensor joint = x2 == null ? x1 : join(x1, x2);
        boolean pools = spec.layers().stream().anyMatch(l -> l.kind() == LayerSpec.Kind.AVG_POOL
                || l.kind() == LayerSpec.Kind.GLOBAL_AVG_POOL);
        if (form == SpatialForm.DIAGONAL && pools) {
            throw BadInputException.forParam("spatial", "diagonal", "pooling needs covariances between different pixels",
                    "use the full (or automatic) spatial form");
        }
        boolean diagonal = form == SpatialForm.DIAGONAL || form == SpatialForm.AUTO && !pools;
        KernelState k = InputKernel.of(ts.toDoubleArray(joint), joint.shape().toArray(), diagonal);
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            k = layer(k, layers.get(i), i);
            listener.layerDone(i + 1, layers.size());
        }
        if (k.hasSpatial()) {
            throw BadInputException.forParam("layers", spec.text(), "ends with an image output (" + k.h() + "x" + k.w()
                    + " pixels) but kernels are written per input pair", "end the network with flatten or global_avg_pool");
        }
        int n2 = x2 == null ? n1 : x2.dim(0);
        int off = x2 == null ? 0 : n1;
        return new KernelPair(block(k.nngp(), k.n(), n1, n2, off), block(k.ntk(), k.n(), n1, n2, off));
    }

    private Tensor join(Tensor x1, Tensor x2) {
        int[] s1 = x1.shape().toArray();
        int[] s2 = x2.shape().toArray();
        if (s1.length != s2.length || !java.util.Arrays.equals(java.util.Arrays.copyOfRange(s1, 1, s1.length),
                java.util.Arrays.copyOfRange(s2, 1, s2.length))) {
            throw BadInputException.forParam("x2", x2.shape().toString(), "does not match the shape of x1 " + x1.shape()
                    + " after the batch axis", "give x2 with the same features (or image size and channels) as x1");
        }
        return ts.concat(0, ts.cast(x1, DType.FLOAT64), ts.cast(x2, DType.FLOAT64));
    }

    private Tensor block(double[] a, int n, int n1, int n2, int off) {
        double[] out = new double[n1 * n2];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) out[i * n2 + j] = a[i * n + off + j];
        }
        return ts.fromArray(out, n1, n2);
    }

    private KernelState layer(KernelState k, LayerSpec l, int index) {
        switch (l.kind()) {
            case DENSE: return affine(k, l, k.nngp(), k.ntk(), k.h(), k.w());
            case CONV: return conv(k, l, index);
            case RELU: return pointwise(k, Activations.leakyRelu(0));
            case LEAKY_RELU: return pointwise(k, Activations.leakyRelu(arg(l, "slope", 0.01)));
            case ABS: return pointwise(k, Activations.abs());
            case ERF: return pointwise(k, Activations.erf());
            case TANH: return pointwise(k, Activations.tanh());
            case SIGMOID: return pointwise(k, Activations.sigmoid());
            case GELU: return pointwise(k, Activations.gelu());
            case IDENTITY: return k;
            case FLATTEN:
                if (!k.hasSpatial()) return k;
                return new KernelState(k.n(), 0, 0, false, SpatialKernels.reduce(k, k.nngp(), false),
                        SpatialKernels.reduce(k, k.ntk(), false));
            case GLOBAL_AVG_POOL:
                requireImage(k, l, index);
                return new KernelState(k.n(), 0, 0, false, SpatialKernels.reduce(k, k.nngp(), true),
                        SpatialKernels.reduce(k, k.ntk(), true));
            case AVG_POOL: return avgPool(k, l, index);
            default:
                throw new UnsupportedOperationException("no infinite-width rule for layer " + index + " ("
                        + l.kind().name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /** K' = σ_w² A(K) + σ_b², Θ' = K' + σ_w² A(Θ) for the already-averaged a(K) = nngp, a(Θ) = ntk. */
    private static KernelState affine(KernelState k, LayerSpec l, double[] nngp, double[] ntk, int h, int w) {
        double ws = arg(l, "w_std", 1.0);
        double bs = arg(l, "b_std", 0.0);
        double[] kn = new double[nngp.length];
        double[] tn = new double[ntk.length];
        for (int e = 0; e < kn.length; e++) {
            kn[e] = ws * ws * nngp[e] + bs * bs;
            tn[e] = kn[e] + ws * ws * ntk[e];
        }
        return new KernelState(k.n(), h, w, k.diagonal(), kn, tn);
    }

    private static KernelState conv(KernelState k, LayerSpec l, int index) {
        requireImage(k, l, index);
        int window = (int) arg(l, "kernel", 3);
        int stride = (int) arg(l, "stride", 1);
        boolean same = "same".equalsIgnoreCase(l.args().containsKey("padding") ? l.textArg("padding") : "valid");
        int oh = SpatialKernels.geometry(k.h(), window, stride, same)[0];
        int ow = SpatialKernels.geometry(k.w(), window, stride, same)[0];
        requireFits(oh, ow, l, index, k);
        return affine(k, l, SpatialKernels.conv(k, k.nngp(), window, stride, same, oh, ow),
                SpatialKernels.conv(k, k.ntk(), window, stride, same, oh, ow), oh, ow);
    }

    private static KernelState avgPool(KernelState k, LayerSpec l, int index) {
        requireImage(k, l, index);
        int window = (int) arg(l, "window", 2);
        int stride = (int) arg(l, "stride", window);
        int oh = SpatialKernels.geometry(k.h(), window, stride, false)[0];
        int ow = SpatialKernels.geometry(k.w(), window, stride, false)[0];
        requireFits(oh, ow, l, index, k);
        return new KernelState(k.n(), oh, ow, false, SpatialKernels.avgPool(k, k.nngp(), window, stride, oh, ow),
                SpatialKernels.avgPool(k, k.ntk(), window, stride, oh, ow));
    }

    /** K' = E[φ(u)φ(v)], Θ' = Θ E[φ'(u)φ'(v)] entry by entry, (u, v) ~ N(0, [[K_ii(p,p), K_ij(p,q)], [·, K_jj(q,q)]]). */
    private KernelState pointwise(KernelState k, Activation f) {
        int n = k.n();
        int sp = k.spatial();
        double[] kn = new double[k.nngp().length];
        double[] tn = new double[kn.length];
        double[] e = new double[2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int s = 0; s < sp; s++) {
                    int[] pq = k.pixels(s);
                    int at = k.index(i, j, s);
                    int mirror = k.index(j, i, k.hasSpatial() ? k.pair(pq[1], pq[0]) : 0);
                    if (mirror < at) {   // K and Θ are symmetric under (i, p) ↔ (j, q): copy, so they stay exactly so
                        kn[at] = kn[mirror];
                        tn[at] = tn[mirror];
                        continue;
                    }
                    f.expectations(k.variance(i, pq[0]), k.nngp()[at], k.variance(j, pq[1]), quadrature, e);
                    kn[at] = e[0];
                    tn[at] = k.ntk()[at] * e[1];
                }
            }
        }
        return new KernelState(n, k.h(), k.w(), k.diagonal(), kn, tn);
    }

    private static double arg(LayerSpec l, String name, double fallback) {
        return l.args().containsKey(name) ? l.doubleArg(name) : fallback;
    }

    private static void requireImage(KernelState k, LayerSpec l, int index) {
        if (!k.hasSpatial()) {
            throw BadInputException.forParam("layers", l.kind().name().toLowerCase(Locale.ROOT) + " (layer " + index + ")",
                    "needs image inputs (n, h, w, C) but its input has no spatial axes",
                    "give x1 as (n, h, w, C) or move the layer before flatten/global_avg_pool");
        }
    }

    private static void requireFits(int oh, int ow, LayerSpec l, int index, KernelState k) {
        if (oh < 1 || ow < 1) {
            throw BadInputException.forParam("layers", l.kind().name().toLowerCase(Locale.ROOT) + " (layer " + index + ")",
                    "its window does not fit the " + k.h() + "x" + k.w() + " image", "use a smaller kernel/window or padding=same");
        }
    }
}
