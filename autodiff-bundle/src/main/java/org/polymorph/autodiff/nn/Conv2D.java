package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * 2-D convolution (cross-correlation, as every DL framework) over NHWC inputs:
 * x [batch, h, w, cin], kernel [kh, kw, cin, cout] → y [batch, oh, ow, cout], with
 * y[b, p, q, o] = Σ_{i,j,c} xpad[b, p·sh + i·dh, q·sw + j·dw, c] · k[i, j, c, o] + bias[o].
 * Computed as im2col (strided slices of the padded input, concatenated along channels) times the
 * kernel reshaped to [kh·kw·cin, cout]. Configure with the fluent copies ({@link #strides},
 * {@link #padding}, {@link #dilation}, ...); instances are immutable.
 */
public final class Conv2D implements StatelessLayer {
    private final int filters;
    private final int[] window;
    private final int[] strides;
    private final Padding padding;
    private final int[] dilation;
    private final boolean useBias;
    private final Initializer kernelInit;
    private final Initializer biasInit;

    /** @param kernel [kh, kw, cin, cout]; @param bias [cout], or null without bias */
    public record Params(Var kernel, Var bias) { }

    /** Stride 1, VALID padding, dilation 1, LeCun-normal kernel, zero bias. */
    public Conv2D(int filters, int kh, int kw) {
        this(filters, new int[] {kh, kw}, new int[] {1, 1}, Padding.VALID, new int[] {1, 1}, true,
                Initializers.lecunNormal(), Initializers.zeros());
    }

    private Conv2D(int filters, int[] window, int[] strides, Padding padding, int[] dilation, boolean useBias,
                   Initializer kernelInit, Initializer biasInit) {
        Checks.positive(filters, "filters", "Conv2D");
        new Windows(window, strides, dilation, padding, "Conv2D");   // validates
        this.filters = filters;
        this.window = window;
        this.strides = strides;
        this.padding = padding;
        this.dilation = dilation;
        this.useBias = useBias;
        this.kernelInit = kernelInit;
        this.biasInit = biasInit;
    }

    public Conv2D strides(int sh, int sw) { return new Conv2D(filters, window, new int[] {sh, sw}, padding, dilation, useBias, kernelInit, biasInit); }

    public Conv2D padding(Padding p) { return new Conv2D(filters, window, strides, p, dilation, useBias, kernelInit, biasInit); }

    public Conv2D dilation(int dh, int dw) { return new Conv2D(filters, window, strides, padding, new int[] {dh, dw}, useBias, kernelInit, biasInit); }

    public Conv2D bias(boolean use) { return new Conv2D(filters, window, strides, padding, dilation, use, kernelInit, biasInit); }

    public Conv2D initializers(Initializer kernel, Initializer bias) {
        return new Conv2D(filters, window, strides, padding, dilation, useBias, kernel, bias);
    }

    private Windows windows() { return new Windows(window, strides, dilation, padding, "Conv2D"); }

    @Override public Params initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        Checks.rank(inputShape, 4, "Conv2D", "[batch, h, w, c]");
        RandomKey[] k = key.split(2);
        Var kernel = ops.constant(kernelInit.apply(ops.tensors(), k[0], dtype, window[0], window[1], inputShape.dim(3), filters));
        Var bias = useBias ? ops.constant(biasInit.apply(ops.tensors(), k[1], dtype, filters)) : null;
        return new Params(kernel, bias);
    }

    @Override public Shape outputShape(Shape in) {
        Checks.rank(in, 4, "Conv2D", "[batch, h, w, c]");
        int[] os = windows().outputSize(in.dim(1), in.dim(2), "Conv2D");
        return Shape.of(in.dim(0), os[0], os[1], filters);
    }

    @Override public Var apply(Object params, Var x, Context ctx) {
        Params p = Checks.params(params, Params.class, "Conv2D");
        Var y = conv(x, p.kernel(), windows());
        return p.bias() == null ? y : y.add(p.bias());
    }

    /** The convolution of x [batch, h, w, cin] with kernel [kh, kw, cin, cout], without bias. */
    public static Var conv2d(Var x, Var kernel, int[] strides, Padding padding, int[] dilation) {
        if (kernel.rank() != 4) throw new IllegalArgumentException("Conv2D: kernel must be [kh, kw, cin, cout], got " + kernel.shape());
        return conv(x, kernel, new Windows(new int[] {kernel.dim(0), kernel.dim(1)}, strides, dilation, padding, "Conv2D"));
    }

    private static Var conv(Var x, Var kernel, Windows win) {
        Checks.rank(x.shape(), 4, "Conv2D", "[batch, h, w, c]");
        if (x.dim(3) != kernel.dim(2)) {
            throw new IllegalArgumentException("Conv2D: input has " + x.dim(3) + " channels, kernel " + kernel.shape() + " expects " + kernel.dim(2));
        }
        Ops o = x.ops();
        Var[] patches = win.patches(x, 0.0, "Conv2D");                  // kh·kw × [b, oh, ow, cin]
        Var cols = patches.length == 1 ? patches[0] : o.concat(3, patches);  // [b, oh, ow, kh·kw·cin]
        int b = cols.dim(0);
        int oh = cols.dim(1);
        int ow = cols.dim(2);
        int cout = kernel.dim(3);
        Var flat = o.reshape(cols, b * oh * ow, cols.dim(3));
        Var y = o.matmul(flat, o.reshape(kernel, -1, cout));           // [b·oh·ow, cout]
        return o.reshape(y, b, oh, ow, cout);
    }

    @Override public String toString() {
        return "Conv2D(" + filters + ", " + window[0] + "x" + window[1] + ", strides " + strides[0] + "x" + strides[1]
                + ", " + padding + ", dilation " + dilation[0] + "x" + dilation[1] + ")";
    }
}
