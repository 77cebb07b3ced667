package org.polymorph.gpu.cpu.internal.linalg;

/** Strided gathers and reductions over row-major arrays, used by {@link Einsum}. */
final class Strided {
    private Strided() { }

    /** Product of dims as an int; throws if it overflows. */
    static int size(int[] dims) {
        long s = 1;
        for (int d : dims) s *= d;
        if (s > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("array of shape " + java.util.Arrays.toString(dims) + " is too large");
        return (int) s;
    }

    /** Row-major strides (in elements) of a shape. */
    static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= dims[d];
        }
        return s;
    }

    /**
     * out[i0, ..., ir] = src[sum_d i_d * srcStrides[d]] for the row-major shape outDims. Covers
     * transposes (permuted strides), diagonals (summed strides) and broadcasts (zero strides).
     */
    static double[] gather(double[] src, int[] outDims, int[] srcStrides) {
        int total = size(outDims);
        double[] out = new double[total];
        int rank = outDims.length;
        if (total == 0) return out;
        if (rank == 0) {
            out[0] = src[0];
            return out;
        }
        int inner = outDims[rank - 1];
        int innerStride = srcStrides[rank - 1];
        int[] idx = new int[rank];
        int base = 0;
        for (int o = 0; o < total; o += inner) {
            for (int j = 0, p = base; j < inner; j++, p += innerStride) out[o + j] = src[p];
            for (int d = rank - 2; d >= 0; d--) {   // odometer over the outer axes
                base += srcStrides[d];
                if (++idx[d] < outDims[d]) break;
                base -= srcStrides[d] * outDims[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Permutes the axes of a row-major array: out axis d is in axis perm[d]. */
    static double[] permute(double[] src, int[] dims, int[] perm) {
        int[] st = strides(dims);
        int[] outDims = new int[perm.length];
        int[] outStrides = new int[perm.length];
        boolean identity = true;
        for (int d = 0; d < perm.length; d++) {
            outDims[d] = dims[perm[d]];
            outStrides[d] = st[perm[d]];
            identity &= perm[d] == d;
        }
        return identity ? src : gather(src, outDims, outStrides);
    }

    /** Sums contiguous blocks: [outer, block] row-major -> [outer]. */
    static double[] sumBlocks(double[] src, int outer, int block) {
        double[] out = new double[outer];
        for (int i = 0; i < outer; i++) {
            double s = 0;
            for (int j = i * block, e = j + block; j < e; j++) s += src[j];
            out[i] = s;
        }
        return out;
    }
}
