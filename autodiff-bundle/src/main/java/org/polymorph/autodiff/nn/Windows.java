package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Sliding 2-D windows over NHWC inputs built from pad and strided slices, so every window op is
 * differentiable with the engine's existing rules (im2col without a gather).
 */
final class Windows {
    private final int[] window;
    private final int[] strides;
    private final int[] dilation;
    private final Padding padding;

    Windows(int[] window, int[] strides, int[] dilation, Padding padding, String layer) {
        for (int i = 0; i < 2; i++) {
            Checks.positive(window[i], "window size", layer);
            Checks.positive(strides[i], "stride", layer);
            Checks.positive(dilation[i], "dilation", layer);
        }
        this.window = window.clone();
        this.strides = strides.clone();
        this.dilation = dilation.clone();
        this.padding = padding;
    }

    int[][] pads(int h, int w) { return padding.resolve(h, w, window, strides, dilation); }

    /** Output [batch, oh, ow, c] spatial lengths for an input [batch, h, w, c], or an error naming the layer. */
    int[] outputSize(int h, int w, String layer) {
        int[][] p = pads(h, w);
        int oh = out(h + p[0][0] + p[0][1], 0);
        int ow = out(w + p[1][0] + p[1][1], 1);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(layer + ": input " + h + "x" + w + " with padding " + padding
                    + " is smaller than the dilated window " + extent(0) + "x" + extent(1));
        }
        return new int[] {oh, ow};
    }

    /**
     * The kh·kw shifted views [batch, oh, ow, c] of x [batch, h, w, c], in row-major window order
     * (i over kh, then j over kw); padding cells hold {@code padValue}.
     */
    Var[] patches(Var x, double padValue, String layer) {
        Checks.rank(x.shape(), 4, layer, "[batch, h, w, c]");
        Ops o = x.ops();
        int[] os = outputSize(x.dim(1), x.dim(2), layer);
        int[][] p = pads(x.dim(1), x.dim(2));
        Var xp = p[0][0] + p[0][1] + p[1][0] + p[1][1] == 0 ? x : o.pad(x, new int[][] {{0, 0}, p[0], p[1], {0, 0}}, padValue);
        Var[] out = new Var[window[0] * window[1]];
        for (int i = 0; i < window[0]; i++) {
            for (int j = 0; j < window[1]; j++) {
                int h0 = i * dilation[0];
                int w0 = j * dilation[1];
                out[i * window[1] + j] = o.slice(xp,
                        new int[] {0, h0, w0, 0},
                        new int[] {x.dim(0), h0 + (os[0] - 1) * strides[0] + 1, w0 + (os[1] - 1) * strides[1] + 1, x.dim(3)},
                        new int[] {1, strides[0], strides[1], 1});
            }
        }
        return out;
    }

    private int extent(int axis) { return (window[axis] - 1) * dilation[axis] + 1; }

    private int out(int padded, int axis) { return padded < extent(axis) ? 0 : (padded - extent(axis)) / strides[axis] + 1; }
}
