package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Average pooling over kh×kw windows of x [batch, h, w, c] → [batch, oh, ow, c]. With padding, the
 * average is over the cells inside the input only (TensorFlow's rule; padding is not counted).
 */
public final class AvgPool2D implements StatelessLayer {
    private final int[] window;
    private final int[] strides;
    private final Padding padding;

    /** Strides equal to the window, VALID padding (as Keras). */
    public AvgPool2D(int kh, int kw) { this(new int[] {kh, kw}, new int[] {kh, kw}, Padding.VALID); }

    private AvgPool2D(int[] window, int[] strides, Padding padding) {
        new Windows(window, strides, new int[] {1, 1}, padding, "AvgPool2D");
        this.window = window;
        this.strides = strides;
        this.padding = padding;
    }

    public AvgPool2D strides(int sh, int sw) { return new AvgPool2D(window, new int[] {sh, sw}, padding); }

    public AvgPool2D padding(Padding p) { return new AvgPool2D(window, strides, p); }

    private Windows windows() { return new Windows(window, strides, new int[] {1, 1}, padding, "AvgPool2D"); }

    @Override public Object initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) { return Layer.noState(); }

    @Override public Shape outputShape(Shape in) {
        Checks.rank(in, 4, "AvgPool2D", "[batch, h, w, c]");
        int[] os = windows().outputSize(in.dim(1), in.dim(2), "AvgPool2D");
        return Shape.of(in.dim(0), os[0], os[1], in.dim(3));
    }

    @Override public Var apply(Object params, Var x, Context ctx) {
        Ops o = x.ops();
        Windows win = windows();
        Var sum = o.sum(o.stack(4, win.patches(x, 0.0, "AvgPool2D")), 4);
        // cells per window that lie inside the input: the same pooling of ones [1, h, w, 1]
        Var ones = o.constant(o.tensors().ones(x.dtype(), 1, x.dim(1), x.dim(2), 1));
        Var count = o.sum(o.stack(4, win.patches(ones, 0.0, "AvgPool2D")), 4);
        return sum.div(count);
    }

    @Override public String toString() { return "AvgPool2D(" + window[0] + "x" + window[1] + ", " + padding + ")"; }
}
