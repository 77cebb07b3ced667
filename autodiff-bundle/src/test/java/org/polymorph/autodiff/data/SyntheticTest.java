package org.polymorph.autodiff.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.autodiff.data.DataFixtures.TS;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;

class SyntheticTest {
    private static final RandomKey KEY = RandomKey.of(42);

    private static long[] counts(Dataset d) {
        long[] c = new long[d.numClasses()];
        for (long y : TS.toLongArray(d.y())) c[(int) y]++;
        return c;
    }

    @Test
    void spiralsShapesBalanceAndDeterminism() {
        Dataset d = Synthetic.twoSpirals(TS, KEY, 101, 0.1, DType.FLOAT32);
        assertArrayEquals(new int[] {101, 2}, d.x().shape().toArray());
        assertEquals(DType.FLOAT32, d.x().dtype());
        assertArrayEquals(new long[] {51, 50}, counts(d));
        Dataset again = Synthetic.twoSpirals(TS, KEY, 101, 0.1, DType.FLOAT32);
        assertArrayEquals(TS.toFloatArray(d.x()), TS.toFloatArray(again.x()), 0f);
        Dataset other = Synthetic.twoSpirals(TS, RandomKey.of(43), 101, 0.1, DType.FLOAT32);
        assertFalse(Arrays.equals(TS.toFloatArray(d.x()), TS.toFloatArray(other.x())));
    }

    @Test
    void noiselessSpiralsLieOnTheirArms() {
        Dataset d = Synthetic.twoSpirals(TS, KEY, 200, 0.0, DType.FLOAT64);
        double[] x = TS.toDoubleArray(d.x());
        long[] y = TS.toLongArray(d.y());
        for (int i = 0; i < 200; i++) {
            double t = Math.hypot(x[2 * i], x[2 * i + 1]);
            assertTrue(t < 1.0, "point " + i + " outside the unit disc");
            double theta = 2 * Math.PI * Synthetic.SPIRAL_TURNS * t + Math.PI * y[i];
            assertEquals(t * Math.cos(theta), x[2 * i], 1e-12, "x of point " + i);
            assertEquals(t * Math.sin(theta), x[2 * i + 1], 1e-12, "y of point " + i);
        }
    }

    @Test
    void blobsShapesBalanceAndCentres() {
        Dataset d = Synthetic.gaussianBlobs(TS, KEY, 50, 4, 3, 0.0, DType.FLOAT64);
        assertArrayEquals(new int[] {50, 3}, d.x().shape().toArray());
        assertArrayEquals(new long[] {13, 13, 12, 12}, counts(d));
        double[] x = TS.toDoubleArray(d.x());
        for (int i = 0; i < 50; i++) {
            double[] row = Arrays.copyOfRange(x, 3 * i, 3 * i + 3), centre = Arrays.copyOfRange(x, 3 * (i % 4), 3 * (i % 4) + 3);
            assertArrayEquals(centre, row, 0.0, "spread 0 puts every point of a class on its centre");
            for (double v : row) assertTrue(Math.abs(v) <= Synthetic.BLOB_BOX);
        }
        Dataset spread = Synthetic.gaussianBlobs(TS, KEY, 4000, 2, 1, 0.5, DType.FLOAT64);
        double[] s = TS.toDoubleArray(spread.x());
        double var = 0;
        double[] mean = new double[2];
        for (int i = 0; i < 4000; i++) mean[i % 2] += s[i] / 2000;
        for (int i = 0; i < 4000; i++) var += Math.pow(s[i] - mean[i % 2], 2) / 4000;
        assertEquals(0.25, var, 0.03, "within-class variance is spread^2");
        assertFalse(Arrays.equals(x, TS.toDoubleArray(Synthetic.gaussianBlobs(TS, RandomKey.of(7), 50, 4, 3, 0.0, DType.FLOAT64).x())));
    }

    @Test
    void teacherFollowsTheDocumentedFormula() {
        int n = 6, dIn = 3, dOut = 2, h = 4;
        Dataset d = Synthetic.teacherStudent(TS, KEY, n, dIn, dOut, h, 0.0, DType.FLOAT64);
        assertEquals(0, d.numClasses());
        assertArrayEquals(new int[] {n, dIn}, d.x().shape().toArray());
        assertArrayEquals(new int[] {n, dOut}, d.y().shape().toArray());
        double[] x = TS.toDoubleArray(d.x()), y = TS.toDoubleArray(d.y());
        RandomKey kx = KEY.foldIn(0), k1 = KEY.foldIn(1), kb = KEY.foldIn(2), k2 = KEY.foldIn(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dIn; j++) assertEquals(kx.normal(i * dIn + j), x[i * dIn + j], 0.0);
            for (int o = 0; o < dOut; o++) {
                double want = 0;
                for (int k = 0; k < h; k++) {
                    double pre = 0.5 * kb.normal(k);
                    for (int j = 0; j < dIn; j++) pre += x[i * dIn + j] * k1.normal(j * h + k) / Math.sqrt(dIn);
                    want += Math.tanh(pre) * k2.normal(k * dOut + o) / Math.sqrt(h);
                }
                assertEquals(want, y[i * dOut + o], 1e-12, "target " + i + "," + o);
            }
        }
    }

    @Test
    void teacherIsDeterministicKeyDependentAndNoisy() {
        Dataset a = Synthetic.teacherStudent(TS, KEY, 20, 3, 1, 5, 0.1, DType.FLOAT32);
        Dataset b = Synthetic.teacherStudent(TS, KEY, 20, 3, 1, 5, 0.1, DType.FLOAT32);
        Dataset c = Synthetic.teacherStudent(TS, RandomKey.of(1), 20, 3, 1, 5, 0.1, DType.FLOAT32);
        Dataset clean = Synthetic.teacherStudent(TS, KEY, 20, 3, 1, 5, 0.0, DType.FLOAT32);
        assertEquals(DType.FLOAT32, a.y().dtype());
        assertArrayEquals(TS.toFloatArray(a.y()), TS.toFloatArray(b.y()), 0f);
        assertFalse(Arrays.equals(TS.toFloatArray(a.y()), TS.toFloatArray(c.y())));
        assertArrayEquals(TS.toFloatArray(a.x()), TS.toFloatArray(clean.x()), 0f);
        assertFalse(Arrays.equals(TS.toFloatArray(a.y()), TS.toFloatArray(clean.y())));
    }

    @Test
    void invalidArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Synthetic.twoSpirals(TS, KEY, 1, 0.1, DType.FLOAT64));
        assertTrue(e.getMessage().contains("n is 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Synthetic.twoSpirals(TS, KEY, 10, -1, DType.FLOAT64));
        assertTrue(e.getMessage().contains("noise is -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Synthetic.gaussianBlobs(TS, KEY, 10, 1, 2, 0.1, DType.FLOAT64));
        assertTrue(e.getMessage().contains("classes is 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Synthetic.teacherStudent(TS, KEY, 10, 2, 1, 0, 0.1, DType.FLOAT64));
        assertTrue(e.getMessage().contains("hidden is 0"), e.getMessage());
    }
}
