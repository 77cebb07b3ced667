package org.polymorph.autodiff.data;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * Small generated problems for tests, examples and benchmarks. Every generator is a pure function
 * of its arguments: the same key gives the same dataset on every backend. Classification labels
 * are interleaved ({@code y_i = i mod classes}), so classes are balanced to within one example and
 * any contiguous block (e.g. {@link Dataset#split}) stays balanced. {@code u} denotes a uniform
 * [0, 1) draw and {@code eps} a standard normal draw, each from its own child key.
 */
public final class Synthetic {
    /** Turns of each spiral arm: angles run over [0, 2 pi * TURNS). */
    public static final double SPIRAL_TURNS = 1.5;
    /** Half-width of the box [-B, B]^dim from which blob centres are drawn. */
    public static final double BLOB_BOX = 5.0;

    private Synthetic() {}

    /**
     * Two interleaved spirals in 2-D, 2 classes: for example i, class {@code c = i mod 2},
     * {@code t = u_i}, {@code theta = 2 pi SPIRAL_TURNS t + pi c}, and
     * {@code x_i = t (cos theta, sin theta) + noise * (eps_2i, eps_2i+1)}. With zero noise the
     * points of class 1 are those of class 0 rotated by pi; all lie in the unit disc.
     *
     * @return x {@code [n, 2]}, y INT64 {@code [n]}, numClasses 2
     */
    public static Dataset twoSpirals(TensorService ts, RandomKey key, int n, double noise, DType dtype) {
        requireCount("twoSpirals", "n", n, 2);
        requireNonNegative("twoSpirals", "noise", noise);
        RandomKey kt = key.foldIn(0), kn = key.foldIn(1);
        double[] x = new double[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = kt.uniform(i);
            double theta = 2 * Math.PI * SPIRAL_TURNS * t + Math.PI * c;
            x[2 * i] = t * Math.cos(theta) + noise * kn.normal(2L * i);
            x[2 * i + 1] = t * Math.sin(theta) + noise * kn.normal(2L * i + 1);
            y[i] = c;
        }
        return new Dataset(features(ts, x, dtype, n, 2), ts.fromArray(y, n), 2, "spirals");
    }

    /**
     * Isotropic Gaussian blobs: centres {@code mu_c = BLOB_BOX (2 u - 1)} per coordinate (uniform
     * in {@code [-5, 5]^dim}), class {@code c = i mod classes}, {@code x_i = mu_c + spread * eps_i}.
     *
     * @return x {@code [n, dim]}, y INT64 {@code [n]}, numClasses {@code classes}
     */
    public static Dataset gaussianBlobs(TensorService ts, RandomKey key, int n, int classes, int dim, double spread, DType dtype) {
        requireCount("gaussianBlobs", "classes", classes, 2);
        requireCount("gaussianBlobs", "n", n, classes);
        requireCount("gaussianBlobs", "dim", dim, 1);
        requireNonNegative("gaussianBlobs", "spread", spread);
        RandomKey kc = key.foldIn(0), kn = key.foldIn(1);
        double[] x = new double[n * dim];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            for (int j = 0; j < dim; j++) {
                double mu = BLOB_BOX * (2 * kc.uniform((long) c * dim + j) - 1);
                x[i * dim + j] = mu + spread * kn.normal((long) i * dim + j);
            }
            y[i] = c;
        }
        return new Dataset(features(ts, x, dtype, n, dim), ts.fromArray(y, n), classes, "blobs");
    }

    /**
     * Regression on the outputs of a random one-hidden-layer tanh teacher: inputs
     * {@code x ~ N(0, I_dIn)}, weights {@code W1 ~ N(0, 1/dIn) [dIn, hidden]},
     * {@code b1 ~ N(0, 1/4) [hidden]}, {@code W2 ~ N(0, 1/hidden) [hidden, dOut]}, and targets
     * {@code y = tanh(x W1 + b1) W2 + noise * eps}. The teacher depends only on the key, not on
     * {@code n}, so datasets drawn with one key share it; take test data with {@link Dataset#split}.
     *
     * @return x {@code [n, dIn]}, y {@code [n, dOut]}, numClasses 0
     */
    public static Dataset teacherStudent(TensorService ts, RandomKey key, int n, int dIn, int dOut, int hidden, double noise,
                                         DType dtype) {
        requireCount("teacherStudent", "n", n, 1);
        requireCount("teacherStudent", "dIn", dIn, 1);
        requireCount("teacherStudent", "dOut", dOut, 1);
        requireCount("teacherStudent", "hidden", hidden, 1);
        requireNonNegative("teacherStudent", "noise", noise);
        DataFiles.requireFloat(dtype);
        DType f = DType.FLOAT64;
        Tensor x = ts.normal(key.foldIn(0), f, n, dIn);
        Tensor w1 = scaled(ts, ts.normal(key.foldIn(1), f, dIn, hidden), 1 / Math.sqrt(dIn));
        Tensor b1 = scaled(ts, ts.normal(key.foldIn(2), f, hidden), 0.5);
        Tensor w2 = scaled(ts, ts.normal(key.foldIn(3), f, hidden, dOut), 1 / Math.sqrt(hidden));
        Tensor h = ts.unary(UnaryOp.TANH, ts.add(ts.matmul(x, w1), b1));
        Tensor y = ts.add(ts.matmul(h, w2), scaled(ts, ts.normal(key.foldIn(4), f, n, dOut), noise));
        return new Dataset(ts.cast(x, dtype), ts.cast(y, dtype), 0, "teacher");
    }

    private static Tensor scaled(TensorService ts, Tensor t, double s) {
        return ts.mul(t, ts.scalar(t.dtype(), s));
    }

    private static Tensor features(TensorService ts, double[] x, DType dtype, int... shape) {
        return ts.cast(ts.fromArray(x, shape), DataFiles.requireFloat(dtype));
    }

    private static void requireCount(String fn, String name, int value, int min) {
        if (value < min) throw new IllegalArgumentException(fn + ": " + name + " is " + value + "; it must be >= " + min);
    }

    private static void requireNonNegative(String fn, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(fn + ": " + name + " is " + value + "; it must be finite and >= 0");
        }
    }
}
