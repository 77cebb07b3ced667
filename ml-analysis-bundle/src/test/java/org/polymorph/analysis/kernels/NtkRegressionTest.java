package org.polymorph.analysis.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class NtkRegressionTest {
    private final TensorService ts = new ReferenceTensorService();
    private final NetworkSpec spec = NetworkSpec.parse("dense(out=64,w_std=1.5,b_std=0.1),erf,dense(out=64,w_std=1.4),relu,"
            + "dense(out=1,w_std=1.1,b_std=0.05)");
    /** A small regression set: y = sin(x·a) on 6 training and 4 test points in 3 dimensions, two targets. */
    private final Tensor xTrain = ts.normal(RandomKey.of(21), DType.FLOAT64, 6, 3);
    private final Tensor xTest = ts.normal(RandomKey.of(22), DType.FLOAT64, 4, 3);
    private final Tensor yTrain = ts.unary(UnaryOp.SIN, ts.matmul(xTrain, ts.fromArray(new double[] {0.7, -0.4, 1.1, 0.2, 0.9, -0.5}, 3, 2)));
    private final KernelPair trainTrain = new Kernels(ts).compute(spec, xTrain, null);
    private final KernelPair testTrain = new Kernels(ts).compute(spec, xTest, xTrain);

    private double[] values(Tensor t) { return ts.toDoubleArray(t); }

    /** f∞(x*) = Θ(x*, X) Θ⁻¹ Y computed independently with a linear solve; also the NNGP posterior with a ridge. */
    @Test
    void infiniteTimePredictionEqualsTheClosedForm() {
        Tensor direct = ts.matmul(testTrain.ntk(), ts.solve(trainTrain.ntk(), yTrain));
        assertArrayEquals(values(direct), values(new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0)
                .meanPrediction(yTrain)), 1e-9);
        double ridge = 1e-2;
        Tensor reg = ts.add(trainTrain.nngp(), ts.mul(ts.eye(DType.FLOAT64, 6), ts.scalar(DType.FLOAT64, ridge)));
        Tensor posterior = ts.matmul(testTrain.nngp(), ts.solve(reg, yTrain));
        assertArrayEquals(values(posterior), values(new NtkRegression(ts, trainTrain.nngp(), testTrain.nngp(), ridge)
                .meanPrediction(yTrain)), 1e-10);
        // Without a ridge the training points are interpolated.
        assertArrayEquals(values(yTrain), values(new NtkRegression(ts, trainTrain.ntk(), trainTrain.ntk(), 0)
                .meanPrediction(yTrain)), 1e-9);
    }

    /**
     * Finite t against RK4 integration of the linearised gradient flow df/dt = −Θ(X, X)(f − Y), d(f*)/dt = −Θ(x*, X)(f − Y),
     * f(0) = 0, for the train and test outputs together.
     */
    @Test
    void finiteTimePredictionMatchesTheIntegratedGradientFlow() {
        double[] kxx = values(trainTrain.ntk());
        double[] ksx = values(testTrain.ntk());
        double[] y = values(yTrain);
        int m = 6;
        int k = 4;
        int o = 2;
        double tEnd = 0.8;
        int steps = 4000;
        double h = tEnd / steps;
        double[] state = new double[(m + k) * o];     // train outputs (m, o) then test outputs (k, o)
        for (int s = 0; s < steps; s++) {
            double[] k1 = flow(state, kxx, ksx, y, m, k, o);
            double[] k2 = flow(axpy(state, k1, h / 2), kxx, ksx, y, m, k, o);
            double[] k3 = flow(axpy(state, k2, h / 2), kxx, ksx, y, m, k, o);
            double[] k4 = flow(axpy(state, k3, h), kxx, ksx, y, m, k, o);
            for (int i = 0; i < state.length; i++) state[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        double[] test = java.util.Arrays.copyOfRange(state, m * o, state.length);
        double[] train = java.util.Arrays.copyOfRange(state, 0, m * o);
        assertArrayEquals(test, values(new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0)
                .meanPrediction(yTrain, tEnd)), 1e-9);
        assertArrayEquals(train, values(new NtkRegression(ts, trainTrain.ntk(), trainTrain.ntk(), 0)
                .meanPrediction(yTrain, tEnd)), 1e-9);
        assertArrayEquals(new double[test.length], values(new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0)
                .meanPrediction(yTrain, 0)), 0, "nothing learned at t = 0");
        assertArrayEquals(values(new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0).meanPrediction(yTrain)),
                values(new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0).meanPrediction(yTrain, 1e6)), 1e-9,
                "long times reach the infinite-time limit");
    }

    @Test
    void badInputIsRefused() {
        assertThrows(BadInputException.class, () -> new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), -1));
        assertThrows(BadInputException.class,
                () -> new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0).meanPrediction(yTrain, -2));
        assertThrows(IllegalArgumentException.class, () -> new NtkRegression(ts, trainTrain.ntk(),
                ts.transpose(testTrain.ntk(), 1, 0), 0));
        assertEquals(2, new NtkRegression(ts, trainTrain.ntk(), testTrain.ntk(), 0).meanPrediction(yTrain).rank());
    }

    private static double[] flow(double[] f, double[] kxx, double[] ksx, double[] y, int m, int k, int o) {
        double[] d = new double[f.length];
        for (int a = 0; a < m + k; a++) {
            for (int c = 0; c < o; c++) {
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    double kern = a < m ? kxx[a * m + j] : ksx[(a - m) * m + j];
                    sum += kern * (f[j * o + c] - y[j * o + c]);
                }
                d[a * o + c] = -sum;
            }
        }
        return d;
    }

    private static double[] axpy(double[] x, double[] dx, double h) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) out[i] += h * dx[i];
        return out;
    }
}
