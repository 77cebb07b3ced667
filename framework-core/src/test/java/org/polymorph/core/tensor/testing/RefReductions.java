package org.polymorph.core.tensor.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Shape;

/**
 * Reductions, argmax/argmin, cumsum and sorting of the reference service. Float reductions
 * accumulate in double and round once to the dtype; integer SUM/PROD use 64-bit arithmetic and
 * wrap. NaN propagates through SUM, MAX, MIN and LOGSUMEXP; argmax/argmin return the first NaN.
 */
final class RefReductions {
    private RefReductions() { }

    static RefTensor reduce(ReduceOp op, RefTensor x, boolean keepDims, int... axes) {
        String name = "reduce " + op;
        Values.requireNumeric(name, x);
        if (op == ReduceOp.MEAN || op == ReduceOp.LOGSUMEXP) Values.requireFloating(name, x);
        int[] dims = x.dims();
        boolean[] reduced = reducedAxes(name, dims.length, axes);
        int[] outDims = outDims(dims, reduced, keepDims);
        int[] keptDims = outDims(dims, reduced, true);
        int outSize = Layout.size(keptDims);
        List<List<Double>> groups = new ArrayList<>();
        for (int g = 0; g < outSize; g++) groups.add(new ArrayList<>());
        int[] idx = new int[dims.length];
        for (int i = 0; i < x.length(); i++) {
            Layout.unravel(i, dims, idx);
            for (int a = 0; a < dims.length; a++) if (reduced[a]) idx[a] = 0;
            groups.get(Layout.ravel(idx, keptDims)).add(x.get(i));
        }
        double[] out = new double[outSize];
        for (int g = 0; g < outSize; g++) out[g] = reduceGroup(op, x.dtype(), groups.get(g), dims, reduced);
        return new RefTensor(x.dtype(), Shape.of(outDims), out);
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
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < dims.length; a++) {
            if (!reduced[a]) out.add(dims[a]);
            else if (keepDims) out.add(1);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double reduceGroup(ReduceOp op, DType dt, List<Double> v, int[] dims, boolean[] reduced) {
        if (v.isEmpty() && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
            throw new IllegalArgumentException("reduce " + op + ": zero-size reduction over shape "
                    + Arrays.toString(dims) + " has no identity; reduce over non-empty axes only");
        }
        if (!dt.isFloating() && (op == ReduceOp.SUM || op == ReduceOp.PROD)) {
            long acc = op == ReduceOp.SUM ? 0 : 1;
            for (double d : v) acc = op == ReduceOp.SUM ? acc + (long) d : acc * (long) d;
            return Values.wrap(dt, acc);
        }
        return Values.store(dt, floatGroup(op, v));
    }

    private static double floatGroup(ReduceOp op, List<Double> v) {
        switch (op) {
            case SUM: return sum(v);
            case MEAN: return sum(v) / v.size();
            case PROD: {
                double p = 1;
                for (double d : v) p *= d;
                return p;
            }
            case MAX: return v.stream().reduce(Double.NEGATIVE_INFINITY, (p, q) -> Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : Math.max(p, q));
            case MIN: return v.stream().reduce(Double.POSITIVE_INFINITY, (p, q) -> Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : Math.min(p, q));
            case LOGSUMEXP: return logSumExp(v);
            default: throw new IllegalStateException("unhandled reduction " + op);
        }
    }

    private static double sum(List<Double> v) {
        double s = 0;
        for (double d : v) s += d;
        return s;
    }

    /** m + log(sum exp(x - m)) with m the maximum; an infinite or NaN maximum is returned as is. */
    private static double logSumExp(List<Double> v) {
        double m = floatGroup(ReduceOp.MAX, v);
        if (!Double.isFinite(m)) return m;
        double s = 0;
        for (double d : v) s += Math.exp(d - m);
        return m + Math.log(s);
    }

    /** Index (INT64) of the first maximum (max = true) or minimum along {@code axis}; NaN wins. */
    static RefTensor argExtreme(RefTensor x, int axis, boolean keepDims, boolean max) {
        String name = max ? "argmax" : "argmin";
        if (x.rank() == 0) throw new IllegalArgumentException(name + ": needs rank >= 1, got a scalar; reshape it to [1]");
        int[] dims = x.dims();
        int a = Layout.axis(name, axis, dims.length);
        if (dims[a] == 0) {
            throw new IllegalArgumentException(name + ": axis " + axis + " of shape " + x.shape()
                    + " has length 0, so there is no extreme; use a non-empty axis");
        }
        int[][] lines = Layout.lines(dims, a);
        double[] out = new double[lines.length];
        for (int l = 0; l < lines.length; l++) {
            int best = 0;
            double bv = x.get(lines[l][0]);
            for (int k = 1; k < lines[l].length && !Double.isNaN(bv); k++) {
                double v = x.get(lines[l][k]);
                if (Double.isNaN(v) || (max ? v > bv : v < bv)) { best = k; bv = v; }
            }
            out[l] = best;
        }
        int[] outDims = keepDims ? dims.clone() : Layout.without(dims, a);
        if (keepDims) outDims[a] = 1;
        return new RefTensor(DType.INT64, Shape.of(outDims), out);
    }

    /** Running sum along an axis; float32 rounds after every addition, integers wrap. */
    static RefTensor cumsum(RefTensor x, int axis) {
        Values.requireNumeric("cumsum", x);
        if (x.rank() == 0) throw new IllegalArgumentException("cumsum: needs rank >= 1, got a scalar; reshape it to [1]");
        int a = Layout.axis("cumsum", axis, x.rank());
        double[] out = new double[x.length()];
        DType dt = x.dtype();
        for (int[] line : Layout.lines(x.dims(), a)) {
            double acc = 0;
            long iacc = 0;
            for (int p : line) {
                if (dt.isFloating()) out[p] = acc = Values.store(dt, acc + x.get(p));
                else out[p] = Values.wrap(dt, iacc += (long) x.get(p));
            }
        }
        return new RefTensor(dt, x.shape(), out);
    }

    /** Sorts along an axis (values) or returns the stable sorting permutation (INT64). */
    static RefTensor sort(RefTensor x, int axis, boolean indices) {
        String name = indices ? "argsort" : "sort";
        if (x.rank() == 0) throw new IllegalArgumentException(name + ": needs rank >= 1, got a scalar; reshape it to [1]");
        int a = Layout.axis(name, axis, x.rank());
        double[] out = new double[x.length()];
        for (int[] line : Layout.lines(x.dims(), a)) {
            Integer[] order = new Integer[line.length];
            for (int k = 0; k < order.length; k++) order[k] = k;
            Arrays.sort(order, (p, q) -> compare(x.get(line[p]), x.get(line[q])));   // TimSort: stable
            for (int k = 0; k < line.length; k++) out[line[k]] = indices ? order[k] : x.get(line[order[k]]);
        }
        return new RefTensor(indices ? DType.INT64 : x.dtype(), x.shape(), out);
    }

    /** Ascending order with NaN last; -0.0 and 0.0 are equal (so a stable sort keeps their order). */
    static int compare(double p, double q) {
        boolean pn = Double.isNaN(p);
        boolean qn = Double.isNaN(q);
        if (pn || qn) return pn == qn ? 0 : (pn ? 1 : -1);
        return p < q ? -1 : (p > q ? 1 : 0);
    }
}
