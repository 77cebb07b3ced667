package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;

class PoolingTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    /** Max or mean over the window cells inside the input (pads {top, left} shift the window). */
    static double[] naivePool(double[] x, int[] xs, int[] win, int[] s, int top, int left, int oh, int ow, boolean max) {
        double[] y = new double[xs[0] * oh * ow * xs[3]];
        int[] ys = {xs[0], oh, ow, xs[3]};
        for (int b = 0; b < xs[0]; b++) {
            for (int p = 0; p < oh; p++) {
                for (int q = 0; q < ow; q++) {
                    for (int c = 0; c < xs[3]; c++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        for (int i = 0; i < win[0]; i++) {
                            for (int j = 0; j < win[1]; j++) {
                                int r = p * s[0] + i - top;
                                int col = q * s[1] + j - left;
                                if (r < 0 || r >= xs[1] || col < 0 || col >= xs[2]) continue;
                                double v = x[NnTesting.idx(xs, b, r, col, c)];
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            }
                        }
                        y[NnTesting.idx(ys, b, p, q, c)] = max ? acc : acc / count;
                    }
                }
            }
        }
        return y;
    }

    private void check(StatelessLayer pool, boolean max, int[] xs, int[] win, int[] s, int top, int left, Shape want) {
        assertEquals(want, pool.outputShape(Shape.of(xs)));
        Var x = t.normal(5, xs);
        Var y = pool.apply(Layer.noState(), x, Context.eval());
        assertEquals(want, y.shape());
        t.assertClose(naivePool(t.values(x), xs, win, s, top, left, want.dim(1), want.dim(2), max), y, 1e-14);
        n.checkLayer(pool, Layer.noState(), Layer.noState(), x, Context.eval(), 1);
    }

    @Test
    void maxPoolValidAndSame() {
        check(new MaxPool2D(2, 2), true, new int[] {2, 4, 6, 3}, new int[] {2, 2}, new int[] {2, 2}, 0, 0, Shape.of(2, 2, 3, 3));
        // SAME, window 3, stride 2 on 5x4: out 3x2; pads h (3-1)·2+3-5 = 2 → 1,1; w (2-1)·2+3-4 = 1 → 0,1
        check(new MaxPool2D(3, 3).strides(2, 2).padding(Padding.SAME), true, new int[] {1, 5, 4, 2},
                new int[] {3, 3}, new int[] {2, 2}, 1, 0, Shape.of(1, 3, 2, 2));
    }

    @Test
    void avgPoolValidAndSameExcludesPadding() {
        check(new AvgPool2D(2, 3), false, new int[] {2, 4, 6, 2}, new int[] {2, 3}, new int[] {2, 3}, 0, 0, Shape.of(2, 2, 2, 2));
        check(new AvgPool2D(3, 3).strides(1, 1).padding(Padding.SAME), false, new int[] {1, 4, 4, 2},
                new int[] {3, 3}, new int[] {1, 1}, 1, 1, Shape.of(1, 4, 4, 2));
    }

    @Test
    void maxPoolGradientGoesToTheArgmax() {
        Var x = t.arr(new double[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, -1, -2, 0, 1, 2, 3}, 1, 4, 4, 1);
        Var g = t.ad.grad(v -> new MaxPool2D(2, 2).apply(Layer.noState(), v, Context.eval()).sum(), x);
        t.assertClose(new double[] {0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, g, 0);
    }
}
