package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;

/**
 * Reductions, argmax/argmin and cumsum. The reduced axes are moved last (an O(1) view), the
 * values read contiguously, and each output element reduces one run. Floats accumulate in double
 * and round once (cumsum rounds after every addition); integer SUM/PROD wrap. NaN propagates.
 */
final class Reductions {
    private Reductions() { }

    static NdTensor reduce(ReduceOp op, NdTensor x, boolean keepDims, int... axes) {
        String name = "reduce " + op;
        Checks.numeric(name, x);
        if (op == ReduceOp.MEAN || op == ReduceOp.LOGSUMEXP) Checks.floating(name, x);
        int r = x.dims.length;
        boolean[] reduced = reducedAxes(name, r, axes);
        int[] perm = new int[r];
        int k = 0;
        for (int a = 0; a < r; a++) if (!reduced[a]) perm[k++] = a;
        int kept = k;
        for (int a = 0; a < r; a++) if (reduced[a]) perm[k++] = a;
        NdTensor moved = ShapeOps.permuteView(x, perm);
        int groups = Layout.size(Arrays.copyOf(moved.dims, kept));
        int run = Layout.size(Arrays.copyOfRange(moved.dims, kept, r));
        if (run == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN) && groups > 0) {
            throw new IllegalArgumentException(name + ": zero-size reduction over shape " + x.shape
                    + " has no identity; reduce over non-empty axes only");
        }
        int[] outDims = outDims(x.dims, reduced, keepDims);
        if (!x.dtype.isFloating() && op != ReduceOp.MAX && op != ReduceOp.MIN) {
            long[] v = Dense.longs(moved);
            long[] out = new long[groups];
            for (int g = 0; g < groups; g++) {
                long acc = op == ReduceOp.SUM ? 0 : 1;
                for (int i = g * run, e = i + run; i < e; i++) acc = op == ReduceOp.SUM ? acc + v[i] : acc * v[i];
                out[g] = acc;
            }
            return Dense.fromLongs(x.dtype, outDims, out);
        }
        double[] v = Dense.doubles(moved);
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) out[g] = group(op, v, g * run, run);
        return Dense.fromDoubles(x.dtype, outDims, out);
    }

    private static double group(ReduceOp op, double[] v, int from, int n) {
        int to = from + n;
        switch (op) {
            case SUM: return sum(v, from, to);
            case MEAN: return sum(v, from, to) / n;
            case PROD: {
                double p = 1;
                for (int i = from; i < to; i++) p *= v[i];
                return p;
            }
            case MAX: return extreme(v, from, to, true);
            case MIN: return extreme(v, from, to, false);
            case LOGSUMEXP: {
                double m = extreme(v, from, to, true);
                if (!Double.isFinite(m)) return m;
                double s = 0;
                for (int i = from; i < to; i++) s += Math.exp(v[i] - m);
                return m + Math.log(s);
            }
            default: throw new IllegalStateException("unhandled reduction " + op);
        }
    }

    private static double sum(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s;
    }

    private static double extreme(double[] v, int from, int to, boolean max) {
        double m = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double d = v[i];
            if (d != d) return Double.NaN;
            m = max ? Math.max(m, d) : Math.min(m, d);
        }
        return m;
    }

    private static boolean[] reducedAxes(String op, int rank, int[] axes) {
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int ax : axes) {
            int a = Layout.axis(op, ax, rank);
            if (reduced[a]) {
                throw new IllegalArgumentException(op + ": axis " + ax + " is listed twice in " + Arrays.toString(axes)
                        + "; list each axis once");
            }
            reduced[a] = true;
        }
        return reduced;
    }

    private static int[] outDims(int[] dims, boolean[] reduced, boolean keepDims) {
        int n = 0;
        for (int a = 0; a < dims.length; a++) if (!reduced[a] || keepDims) n++;
        int[] out = new int[n];
        for (int a = 0, j = 0; a < dims.length; a++) {
            if (!reduced[a]) out[j++] = dims[a];
            else if (keepDims) out[j++] = 1;
        }
        return out;
    }

    /** Index (INT64) of the first maximum or minimum along {@code axis}; the first NaN wins. */
    static NdTensor argExtreme(NdTensor x, int axis, boolean keepDims, boolean max) {
        String name = max ? "argmax" : "argmin";
        if (x.dims.length == 0) throw new IllegalArgumentException(name + ": needs rank >= 1, got a scalar; reshape it to [1]");
        int a = Layout.axis(name, axis, x.dims.length);
        int len = x.dims[a];
        if (len == 0) {
            throw new IllegalArgumentException(name + ": axis " + axis + " of shape " + x.shape
                    + " has length 0, so there is no extreme; use a non-empty axis");
        }
        NdTensor moved = ShapeOps.permuteView(x, Layout.axisLast(x.dims.length, a));
        double[] v = Dense.doubles(moved);
        long[] out = new long[v.length / len];
        for (int g = 0; g < out.length; g++) {
            int base = g * len;
            int best = 0;
            double bv = v[base];
            for (int i = 1; i < len && bv == bv; i++) {
                double d = v[base + i];
                if (d != d || (max ? d > bv : d < bv)) {
                    best = i;
                    bv = d;
                }
            }
            out[g] = best;
        }
        int[] outDims = x.dims.clone();
        if (keepDims) outDims[a] = 1;
        else outDims = Layout.without(x.dims, a);
        return NdTensor.of(DType.INT64, outDims, out);
    }

    /** Running sum along {@code axis}; float32 rounds after every addition, integers wrap. */
    static NdTensor cumsum(NdTensor x, int axis) {
        Checks.numeric("cumsum", x);
        if (x.dims.length == 0) throw new IllegalArgumentException("cumsum: needs rank >= 1, got a scalar; reshape it to [1]");
        int a = Layout.axis("cumsum", axis, x.dims.length);
        int[] perm = Layout.axisLast(x.dims.length, a);
        NdTensor moved = ShapeOps.permuteView(x, perm);
        int len = x.dims[a];
        NdTensor result;
        if (x.dtype.isFloating()) {
            double[] v = Dense.doubles(moved).clone();
            boolean f32 = x.dtype == DType.FLOAT32;
            for (int g = 0; len > 0 && g < v.length / len; g++) {
                double acc = 0;
                for (int i = g * len, e = i + len; i < e; i++) v[i] = acc = f32 ? (float) (acc + v[i]) : acc + v[i];
            }
            result = Dense.fromDoubles(x.dtype, moved.dims, v);
        } else {
            long[] v = Dense.longs(moved);
            for (int g = 0; len > 0 && g < v.length / len; g++) {
                long acc = 0;
                for (int i = g * len, e = i + len; i < e; i++) v[i] = acc += v[i];
            }
            result = Dense.fromLongs(x.dtype, moved.dims, v);
        }
        return ShapeOps.permuteView(result, Layout.inverse(perm));
    }
}
