package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;

class LossesTest {
    private final AdTesting t = new AdTesting();
    private final double[] logits = {2.0, -1.0, 0.5, 0.1, 0.2, 3.0, -2.0, 1.0, 1.0};
    private final int[] labels = {0, 2, 1};

    private Var intLabels() { return t.o.constant(t.ts.fromArray(labels, 3)); }

    private double[] softmaxRow(int r) {
        double z = 0;
        for (int c = 0; c < 3; c++) z += Math.exp(logits[r * 3 + c]);
        double[] p = new double[3];
        for (int c = 0; c < 3; c++) p[c] = Math.exp(logits[r * 3 + c]) / z;
        return p;
    }

    @Test
    void crossEntropyByHand() {
        double want = 0;
        for (int r = 0; r < 3; r++) want -= Math.log(softmaxRow(r)[labels[r]]) / 3;
        Var l = t.arr(logits, 3, 3);
        assertEquals(want, Losses.softmaxCrossEntropy(l, intLabels()).item(), 1e-14);
        Var oneHot = Losses.oneHot(intLabels(), 3, DType.FLOAT64);
        t.assertClose(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, oneHot, 0);
        assertEquals(want, Losses.softmaxCrossEntropy(l, oneHot).item(), 1e-14);
        // stable for huge logits
        Var big = t.arr(new double[] {1000, 0, -1000, 0}, 2, 2);
        Var bigLabels = t.o.constant(t.ts.fromArray(new long[] {1, 0}, 2));
        assertEquals((1000 + Math.log1p(Math.exp(-1000)) + 1000) / 2, Losses.softmaxCrossEntropy(big, bigLabels).item(), 1e-12);
    }

    @Test
    void gradientIsSoftmaxMinusOneHot() {
        Var g = t.ad.grad(l -> Losses.softmaxCrossEntropy(l, intLabels()), t.arr(logits, 3, 3));
        double[] want = new double[9];
        for (int r = 0; r < 3; r++) {
            double[] p = softmaxRow(r);
            for (int c = 0; c < 3; c++) want[r * 3 + c] = (p[c] - (c == labels[r] ? 1 : 0)) / 3;   // mean over 3 examples
        }
        t.assertClose(want, g, 1e-15);
        t.check.check(v -> Losses.softmaxCrossEntropy(v[0], v[1]), new Var[] {t.arr(logits, 3, 3), Activations.softmax(t.normal(2, 3, 3), -1)}, 2);
    }

    @Test
    void mseAndAccuracy() {
        Var p = t.vec(1, 2, 3);
        Var y = t.vec(1, 0, 5);
        assertEquals((0 + 4 + 4) / 3.0, Losses.mse(p, y).item(), 1e-15);
        t.assertClose(new double[] {0, 4.0 / 3, -4.0 / 3}, t.ad.grad(v -> Losses.mse(v, y), p), 1e-15);
        // argmax rows: 0, 2, 1 (ties go to the first) vs labels 0, 2, 1
        assertEquals(1.0, Losses.accuracy(t.arr(logits, 3, 3), intLabels()), 1e-15);
        Var wrongLast = t.arr(new double[] {2, -1, 0.5, 0.1, 0.2, 3, 3, 1, 1}, 3, 3);
        assertEquals(2.0 / 3, Losses.accuracy(wrongLast, intLabels()), 1e-15);
        assertEquals(2.0 / 3, Losses.accuracy(wrongLast, Losses.oneHot(intLabels(), 3, DType.FLOAT64)), 1e-15);
    }

    @Test
    void badLabels() {
        Var l = t.arr(logits, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(l, t.o.constant(t.ts.fromArray(new int[] {0, 3, 1}, 3))));
        assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(l, t.o.constant(t.ts.fromArray(new int[] {0, 1}, 2))));
        assertThrows(IllegalArgumentException.class, () -> Losses.oneHot(t.vec(0, 1), 3, DType.FLOAT64));
    }
}
