package org.polymorph.autodiff.nn;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Standard {@link Initializer}s, after {@code jax.nn.initializers}. Draws are made in float64 from
 * the key ({@link RandomKey#normal}, {@link RandomKey#uniform}) and cast to the requested dtype.
 */
public final class Initializers {
    /** Standard deviation of a standard normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    private Initializers() { }

    /** Which fan sets the variance in {@link #scaled}. */
    public enum FanMode { FAN_IN, FAN_OUT, FAN_AVG }

    /** The distribution {@link #scaled} draws from, each with the requested variance. */
    public enum Distribution {
        NORMAL,
        /** Normal truncated to two standard deviations, rescaled to the requested variance (as JAX). */
        TRUNCATED_NORMAL,
        /** Uniform on [-√(3v), √(3v)]. */
        UNIFORM
    }

    public static Initializer zeros() { return (ts, key, dtype, shape) -> ts.zeros(dtype, shape); }

    public static Initializer ones() { return (ts, key, dtype, shape) -> ts.ones(dtype, shape); }

    public static Initializer constant(double value) { return (ts, key, dtype, shape) -> ts.full(dtype, value, shape); }

    /** N(0, std²). */
    public static Initializer gaussian(double std) {
        return (ts, key, dtype, shape) -> {
            double[] d = new double[size(shape)];
            for (int i = 0; i < d.length; i++) d[i] = std * key.normal(i);
            return make(ts, d, dtype, shape);
        };
    }

    /** U[low, high). */
    public static Initializer uniform(double low, double high) {
        return (ts, key, dtype, shape) -> {
            double[] d = new double[size(shape)];
            for (int i = 0; i < d.length; i++) d[i] = low + (high - low) * key.uniform(i);
            return make(ts, d, dtype, shape);
        };
    }

    /**
     * Variance scaling ({@code jax.nn.initializers.variance_scaling}): variance = scale / fan,
     * fan chosen by {@code mode} (FAN_AVG is (fan_in + fan_out)/2).
     */
    public static Initializer scaled(double scale, FanMode mode, Distribution distribution) {
        if (!(scale > 0)) throw new IllegalArgumentException("scaled: scale must be > 0, got " + scale);
        return (ts, key, dtype, shape) -> {
            double[] fans = fans(shape);
            double fan = mode == FanMode.FAN_IN ? fans[0] : mode == FanMode.FAN_OUT ? fans[1] : (fans[0] + fans[1]) / 2;
            double variance = scale / Math.max(1.0, fan);
            double[] d = new double[size(shape)];
            for (int i = 0; i < d.length; i++) {
                switch (distribution) {
                    case NORMAL -> d[i] = Math.sqrt(variance) * key.normal(i);
                    case TRUNCATED_NORMAL -> d[i] = Math.sqrt(variance) / TRUNCATED_STD * truncatedNormal(key, i);
                    case UNIFORM -> d[i] = Math.sqrt(3 * variance) * (2 * key.uniform(i) - 1);
                    default -> throw new IllegalArgumentException("scaled: unknown distribution " + distribution);
                }
            }
            return make(ts, d, dtype, shape);
        };
    }

    /** LeCun normal: variance 1/fan_in, truncated normal (LeCun et al. 1998, "Efficient BackProp"). */
    public static Initializer lecunNormal() { return scaled(1, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL); }

    /** He normal: variance 2/fan_in, truncated normal (He et al. 2015, for ReLU networks). */
    public static Initializer heNormal() { return scaled(2, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL); }

    /** Glorot uniform: variance 2/(fan_in + fan_out) (Glorot &amp; Bengio 2010). */
    public static Initializer glorotUniform() { return scaled(1, FanMode.FAN_AVG, Distribution.UNIFORM); }

    /** Glorot normal: variance 2/(fan_in + fan_out), truncated normal (Glorot &amp; Bengio 2010). */
    public static Initializer glorotNormal() { return scaled(1, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL); }

    /**
     * Orthogonal (Saxe et al. 2014): the shape is viewed as a matrix [rows = size / shape[-1],
     * cols = shape[-1]] with orthonormal columns (rows ≥ cols) or rows (rows &lt; cols), times
     * {@code scale}. It is Q of the QR of a Gaussian matrix with the signs of diag(R) folded into Q,
     * which makes Q Haar-distributed. QR runs on concrete float64 values of the TensorService.
     */
    public static Initializer orthogonal(double scale) {
        return (ts, key, dtype, shape) -> {
            if (shape.length < 2) throw new IllegalArgumentException("orthogonal: needs a shape of rank >= 2, got rank " + shape.length);
            int cols = shape[shape.length - 1];
            int rows = size(shape) / Math.max(1, cols);
            int m = Math.max(rows, cols);
            int n = Math.min(rows, cols);
            double[] a = new double[m * n];
            for (int i = 0; i < a.length; i++) a[i] = key.normal(i);
            QR qr = ts.qr(ts.fromArray(a, m, n));
            double[] q = ts.toDoubleArray(qr.q());     // [m, n]
            double[] r = ts.toDoubleArray(qr.r());     // [n, n]
            double[] out = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sign = r[j * n + j] < 0 ? -1 : 1;
                    double v = scale * sign * q[i * n + j];
                    if (rows >= cols) out[i * n + j] = v; else out[j * m + i] = v;   // wide: store Qᵀ [n, m]
                }
            }
            return make(ts, out, dtype, shape);
        };
    }

    /** {fan_in, fan_out} of a kernel shape (see {@link Initializer}). */
    static double[] fans(int[] shape) {
        if (shape.length == 0) return new double[] {1, 1};
        if (shape.length == 1) return new double[] {shape[0], shape[0]};
        double receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) receptive *= shape[i];
        return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }

    private static double truncatedNormal(RandomKey key, int i) {
        double z = key.normal(i);
        for (int attempt = 1; Math.abs(z) > 2; attempt++) z = key.foldIn(attempt).normal(i);
        return z;
    }

    private static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("initializer: negative length in shape " + java.util.Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("initializer: shape " + java.util.Arrays.toString(shape) + " is too large");
        return (int) n;
    }

    private static Tensor make(TensorService ts, double[] data, DType dtype, int[] shape) {
        if (!dtype.isFloating()) throw new IllegalArgumentException("initializer: dtype must be floating, got " + dtype);
        return ts.cast(ts.fromArray(data, shape), dtype);
    }
}
