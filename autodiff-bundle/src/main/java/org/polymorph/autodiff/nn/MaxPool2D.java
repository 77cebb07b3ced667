package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Max pooling over kh×kw windows of x [batch, h, w, c] → [batch, oh, ow, c]. Padding cells are −∞,
 * so they never win. Ties share the derivative equally (the MAX reduction's rule).
 */
public final class MaxPool2D implements StatelessLayer {
    private final int[] window;
    private final int[] strides;
    private final Padding padding;

    /** Strides equal to the window, VALID padding (as Keras). */
    public MaxPool2D(int kh, int kw) { this(new int[] {kh, kw}, new int[] {kh, kw}, Padding.VALID); }

    private MaxPool2D(int[] window, int[] strides, Padding padding) {
        new Windows(window, strides, new int[] {1, 1}, padding, "MaxPool2D");
        this.window = window;
        this.strides = strides;
        this.padding = padding;
    }

    public MaxPool2D strides(int sh, int sw) { return new MaxPool2D(window, new int[] {sh, sw}, padding); }

    public MaxPool2D padding(Padding p) { return new MaxPool2D(window, strides, p); }

    private Windows windows() { return new Windows(window, strides, new int[] {1, 1}, padding, "MaxPool2D"); }

    @Override public Object initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) { return Layer.noState(); }

    @Override public Shape outputShape(Shape in) {
        Checks.rank(in, 4, "MaxPool2D", "[batch, h, w, c]");
        int[] os = windows().outputSize(in.dim(1), in.dim(2), "MaxPool2D");
        return Shape.of(in.dim(0), os[0], os[1], in.dim(3));
    }

    @Override public Var apply(Object params, Var x, Context ctx) {
        Ops o = x.ops();
        Var[] patches = windows().patches(x, Double.NEGATIVE_INFINITY, "MaxPool2D");
        return o.reduce(org.polymorph.core.tensor.ReduceOp.MAX, o.stack(4, patches), false, 4);
    }

    @Override public String toString() { return "MaxPool2D(" + window[0] + "x" + window[1] + ", " + padding + ")"; }
}
