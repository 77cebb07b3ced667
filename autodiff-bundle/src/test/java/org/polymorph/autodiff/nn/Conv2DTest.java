package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;

class Conv2DTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    /**
     * Direct NHWC cross-correlation with explicit pads {top, bottom, left, right}; cells outside
     * the input are zero.
     */
    static double[] naiveConv(double[] x, int[] xs, double[] k, int[] ks, double[] bias, int[] s, int[] d, int[] pad, int[] outShape) {
        int oh = outShape[1];
        int ow = outShape[2];
        double[] y = new double[xs[0] * oh * ow * ks[3]];
        for (int b = 0; b < xs[0]; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    for (int o = 0; o < ks[3]; o++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int i = 0; i < ks[0]; i++) {
                            for (int j = 0; j < ks[1]; j++) {
                                int r = p * s[0] + i * d[0] - pad[0];
                                int c = q * s[1] + j * d[1] - pad[2];
                                if (r < 0 || r >= xs[1] || c < 0 || c >= xs[2]) continue;
                                for (int ci = 0; ci < xs[3]; ci++) {
                                    acc += x[NnTesting.idx(xs, b, r, c, ci)] * k[NnTesting.idx(ks, i, j, ci, o)];
                                }
                            }
                        }
                        y[NnTesting.idx(new int[] {xs[0], oh, ow, ks[3]}, b, p, q, o)] = acc;
                    }
                }
            }
        }
        return y;
    }

    private void assertMatchesNaive(Conv2D conv, int[] xs, int[] s, int[] d, int[] pad, Shape wantShape) {
        Layer.Init init = n.init(conv, 11, xs);
        assertEquals(wantShape, init.outputShape());
        Conv2D.Params p = (Conv2D.Params) init.params();
        Var x = t.normal(12, xs);
        Var bias = p.bias() == null ? null : t.normal(13, p.bias().shape().toArray());
        Conv2D.Params q = new Conv2D.Params(p.kernel(), bias);
        Var y = conv.apply(q, init.state(), x, Context.eval()).y();
        assertEquals(wantShape, y.shape());
        double[] want = naiveConv(t.values(x), xs, t.values(p.kernel()), p.kernel().shape().toArray(),
                bias == null ? null : t.values(bias), s, d, pad, wantShape.toArray());
        t.assertClose(want, y, 1e-13);
    }

    @Test
    void validStrideOne() {
        assertMatchesNaive(new Conv2D(3, 3, 2), new int[] {2, 5, 6, 2}, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0, 0, 0}, Shape.of(2, 3, 5, 3));
    }

    @Test
    void sameWithStrideTwo() {
        // h: out ⌈7/2⌉ = 4, total pad (4-1)·2 + 3 - 7 = 2 → 1, 1; w: out ⌈6/2⌉ = 3, total (3-1)·2 + 3 - 6 = 1 → 0, 1
        assertMatchesNaive(new Conv2D(4, 3, 3).strides(2, 2).padding(Padding.SAME), new int[] {2, 7, 6, 3},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1, 0, 1}, Shape.of(2, 4, 3, 4));
    }

    @Test
    void dilationTwoSameAndValid() {
        // dilated extent 5: SAME on 6 → total pad 4 → 2, 2
        assertMatchesNaive(new Conv2D(2, 3, 3).dilation(2, 2).padding(Padding.SAME), new int[] {1, 6, 6, 2},
                new int[] {1, 1}, new int[] {2, 2}, new int[] {2, 2, 2, 2}, Shape.of(1, 6, 6, 2));
        assertMatchesNaive(new Conv2D(2, 2, 3).dilation(2, 1).strides(1, 2), new int[] {2, 7, 7, 1},
                new int[] {1, 2}, new int[] {2, 1}, new int[] {0, 0, 0, 0}, Shape.of(2, 5, 3, 2));
    }

    @Test
    void explicitPaddingAndNoBias() {
        assertMatchesNaive(new Conv2D(2, 2, 2).padding(Padding.explicit(1, 0, 2, 1)).bias(false), new int[] {1, 4, 3, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 0, 2, 1}, Shape.of(1, 4, 5, 2));
    }

    @Test
    void gradientsInKernelBiasAndInput() {
        Conv2D conv = new Conv2D(2, 3, 3).strides(2, 1).padding(Padding.SAME).dilation(1, 2)
                .initializers(Initializers.gaussian(1), Initializers.gaussian(1));
        Layer.Init init = n.init(conv, 21, 2, 5, 5, 2);
        n.checkLayer(conv, init.params(), init.state(), t.normal(22, 2, 5, 5, 2), Context.eval(), 1);
    }

    @Test
    void functionalFormAndErrors() {
        Var x = t.normal(1, 1, 4, 4, 1);
        Var k = t.normal(2, 2, 2, 1, 1);
        Var y = Conv2D.conv2d(x, k, new int[] {1, 1}, Padding.VALID, new int[] {1, 1});
        t.assertClose(naiveConv(t.values(x), new int[] {1, 4, 4, 1}, t.values(k), new int[] {2, 2, 1, 1}, null,
                new int[] {1, 1}, new int[] {1, 1}, new int[4], new int[] {1, 3, 3, 1}), y, 1e-14);
        Conv2D conv = new Conv2D(2, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> conv.outputShape(Shape.of(1, 2, 2, 1)));   // smaller than the window
        assertThrows(IllegalArgumentException.class, () -> conv.outputShape(Shape.of(4, 4, 1)));       // not NHWC
        assertThrows(IllegalArgumentException.class, () -> conv.strides(0, 1));
        Layer.Init init = n.init(conv, 1, 1, 5, 5, 2);
        assertThrows(IllegalArgumentException.class, () -> conv.apply(init.params(), t.normal(3, 1, 5, 5, 3), Context.eval()));
    }
}
