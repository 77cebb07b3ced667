package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;

/** sort and argsort along an axis: ascending, NaN last, argsort stable (-0.0 equals 0.0). */
final class Sorting {
    private Sorting() { }

    static NdTensor sort(NdTensor x, int axis, boolean indices) {
        String name = indices ? "argsort" : "sort";
        if (x.dims.length == 0) throw new IllegalArgumentException(name + ": needs rank >= 1, got a scalar; reshape it to [1]");
        int a = Layout.axis(name, axis, x.dims.length);
        int[] perm = Layout.axisLast(x.dims.length, a);
        NdTensor moved = ShapeOps.permuteView(x, perm);
        int len = x.dims[a];
        int runs = len == 0 ? 0 : x.size / len;
        NdTensor result;
        if (indices) {
            double[] v = Dense.doubles(moved);
            long[] out = new long[v.length];
            Integer[] order = new Integer[len];
            for (int g = 0; g < runs; g++) {
                int base = g * len;
                for (int k = 0; k < len; k++) order[k] = k;
                Arrays.sort(order, (p, q) -> compare(v[base + p], v[base + q]));
                for (int k = 0; k < len; k++) out[base + k] = order[k];
            }
            result = NdTensor.of(DType.INT64, moved.dims, out);
        } else if (x.dtype.isFloating()) {
            double[] v = Dense.doubles(moved).clone();
            for (int g = 0; g < runs; g++) Arrays.sort(v, g * len, g * len + len);
            result = Dense.fromDoubles(x.dtype, moved.dims, v);
        } else {
            long[] v = Dense.longs(moved);
            for (int g = 0; g < runs; g++) Arrays.sort(v, g * len, g * len + len);
            result = Dense.fromLongs(x.dtype, moved.dims, v);
        }
        return ShapeOps.permuteView(result, Layout.inverse(perm));
    }

    static int compare(double p, double q) {
        boolean pn = p != p;
        boolean qn = q != q;
        if (pn || qn) return pn == qn ? 0 : (pn ? 1 : -1);
        return p < q ? -1 : (p > q ? 1 : 0);
    }
}
