package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class InitializersTest {
    private final TensorService ts = new ReferenceTensorService();
    private final RandomKey key = RandomKey.of(42);

    private double[] draw(Initializer init, int... shape) { return ts.toDoubleArray(init.apply(ts, key, DType.FLOAT64, shape)); }

    private static double variance(double[] d) {
        double m = 0;
        for (double v : d) m += v;
        m /= d.length;
        double s = 0;
        for (double v : d) s += (v - m) * (v - m);
        return s / d.length;
    }

    private void assertVariance(double want, Initializer init, int... shape) {
        double got = variance(draw(init, shape));
        assertEquals(want, got, 0.03 * want, "variance");   // 120k samples: standard error ≈ 0.4 %
    }

    @Test
    void empiricalVariancesMatchTheFans() {
        int fanIn = 400;
        int fanOut = 300;
        assertVariance(1.0 / fanIn, Initializers.lecunNormal(), fanIn, fanOut);
        assertVariance(2.0 / fanIn, Initializers.heNormal(), fanIn, fanOut);
        assertVariance(2.0 / (fanIn + fanOut), Initializers.glorotUniform(), fanIn, fanOut);
        assertVariance(2.0 / (fanIn + fanOut), Initializers.glorotNormal(), fanIn, fanOut);
        assertVariance(3.0 / fanOut, Initializers.scaled(3, Initializers.FanMode.FAN_OUT, Initializers.Distribution.NORMAL), fanIn, fanOut);
        assertVariance(0.25, Initializers.gaussian(0.5), fanIn, fanOut);
        // conv kernel [kh, kw, cin, cout]: fan_in = 3·3·40
        assertVariance(2.0 / 360, Initializers.heNormal(), 3, 3, 40, 300);
    }

    @Test
    void boundsOfUniformAndTruncatedDraws() {
        double limit = Math.sqrt(6.0 / 700);
        for (double v : draw(Initializers.glorotUniform(), 400, 300)) assertTrue(Math.abs(v) <= limit);
        double std = Math.sqrt(1.0 / 400) / 0.87962566103423978;
        for (double v : draw(Initializers.lecunNormal(), 400, 300)) assertTrue(Math.abs(v) <= 2 * std + 1e-15);
    }

    @Test
    void sameKeySameTensorAndSplitKeysDiffer() {
        Initializer init = Initializers.heNormal();
        assertArrayEquals(draw(init, 5, 4), draw(init, 5, 4));
        RandomKey[] k = key.split(2);
        double[] a = ts.toDoubleArray(init.apply(ts, k[0], DType.FLOAT64, 5, 4));
        double[] b = ts.toDoubleArray(init.apply(ts, k[1], DType.FLOAT64, 5, 4));
        assertFalse(java.util.Arrays.equals(a, b));
        assertEquals(DType.FLOAT32, init.apply(ts, key, DType.FLOAT32, 2, 2).dtype());
    }

    private static void assertOrthonormalRows(double[] m, int rows, int cols, double scale) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                double s = 0;
                for (int k = 0; k < cols; k++) s += m[i * cols + k] * m[j * cols + k];
                assertEquals(i == j ? scale * scale : 0, s, 1e-12, "row product " + i + "," + j);
            }
        }
    }

    private static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
        return t;
    }

    @Test
    void orthogonalGivesOrthonormalColumnsOrRows() {
        // tall: QᵀQ = I
        double[] tall = draw(Initializers.orthogonal(1), 50, 20);
        assertOrthonormalRows(transpose(tall, 50, 20), 20, 50, 1);
        // wide: QQᵀ = I
        double[] wide = draw(Initializers.orthogonal(1), 20, 50);
        assertOrthonormalRows(wide, 20, 50, 1);
        // square, scaled, and a conv kernel viewed as [3·3·4, 8]
        assertOrthonormalRows(transpose(draw(Initializers.orthogonal(2), 16, 16), 16, 16), 16, 16, 2);
        assertOrthonormalRows(transpose(draw(Initializers.orthogonal(1), 3, 3, 4, 8), 36, 8), 8, 36, 1);
        assertThrows(IllegalArgumentException.class, () -> draw(Initializers.orthogonal(1), 5));
    }

    @Test
    void constantsAndBadArguments() {
        Tensor z = Initializers.zeros().apply(ts, key, DType.FLOAT64, 2, 3);
        assertArrayEquals(new double[6], ts.toDoubleArray(z));
        assertArrayEquals(new double[] {1.5, 1.5}, draw(Initializers.constant(1.5), 2));
        assertThrows(IllegalArgumentException.class, () -> Initializers.scaled(0, Initializers.FanMode.FAN_IN, Initializers.Distribution.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> Initializers.gaussian(1).apply(ts, key, DType.INT32, 2));
    }
}
