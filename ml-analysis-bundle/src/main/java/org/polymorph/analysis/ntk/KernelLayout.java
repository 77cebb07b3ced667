package org.polymorph.analysis.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The axes of an NTK block for outputs of shape (n, o_1, ..., o_k), as neural-tangents' {@code _ntk_shape}: the kernel
 * is (n1, n2) followed, for each output axis in order, by nothing (traced), (o_t) (diagonal) or (o_t, o_t) (x1's index
 * then x2's). Forms the kernel from Jacobians (n, o..., P) or reduces a full kernel (n1, o..., n2, o...).
 */
final class KernelLayout {
    private final int[] out;          // o_1..o_k
    private final boolean[] traced;
    private final boolean[] diagonal;
    private final int freeSize;
    private final int tracedSize;
    private final int diagSize;
    private final int outSize;

    KernelLayout(int[] outShape, int[] traceAxes, int[] diagonalAxes) {
        this.out = outShape.clone();
        int k = out.length;
        traced = new boolean[k];
        diagonal = new boolean[k];
        mark(traceAxes, traced, "trace_axes", k);
        mark(diagonalAxes, diagonal, "diagonal_axes", k);
        for (int t = 0; t < k; t++) {
            if (traced[t] && diagonal[t]) {
                throw BadInputException.forParam("diagonal_axes", Arrays.toString(diagonalAxes),
                        "output axis " + (t + 1) + " is both traced and diagonal", "leave it in one of trace_axes and diagonal_axes");
            }
        }
        int f = 1, tr = 1, d = 1;
        for (int t = 0; t < k; t++) {
            if (traced[t]) tr *= out[t];
            else if (diagonal[t]) d *= out[t];
            else f *= out[t];
        }
        freeSize = f;
        tracedSize = tr;
        diagSize = d;
        outSize = f * tr * d;
    }

    private static void mark(int[] axes, boolean[] flags, String name, int k) {
        for (int a : axes) {
            int axis = a < 0 ? a + k + 1 : a;
            if (axis < 1 || axis > k) {
                throw BadInputException.forParam(name, Arrays.toString(axes), "axis " + a + " is not an output axis of an output of rank "
                        + (k + 1) + " (axis 0 is the batch axis)", k == 1 ? "give 1 or -1 (the output axis), or leave " + name + " empty"
                        : "give axes from 1 to " + k + " (or -" + k + " to -1), or leave " + name + " empty");
            }
            flags[axis - 1] = true;
        }
    }

    int outSize() { return outSize; }

    /** Outputs per row that survive tracing: free² · diagonal per (x1, x2) pair, the O² or O of the cost table. */
    long pairOutputs() { return (long) freeSize * freeSize * diagSize; }

    /** Multiply-adds per (x1 row, x2 row) pair and parameter of the contraction: free² · traced · diagonal. */
    long contractionPerParameter() { return (long) freeSize * freeSize * tracedSize * diagSize; }

    boolean allTraced() { return freeSize == 1 && diagSize == 1; }

    int[] shape(int n1, int n2) {
        List<Integer> s = new ArrayList<>(List.of(n1, n2));
        for (int t = 0; t < out.length; t++) {
            if (traced[t]) continue;
            s.add(out[t]);
            if (!diagonal[t]) s.add(out[t]);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    long blockSize(int n1, int n2) { return (long) n1 * n2 * freeSize * freeSize * diagSize; }

    /** Offset in a kernel of {@link #shape} of rows (a, b) and output multi-indices i (x1) and j (x2). */
    private long offset(int n2, int a, int b, int[] i, int[] j) {
        long off = (long) a * n2 + b;
        for (int t = 0; t < out.length; t++) {
            if (traced[t]) continue;
            off = off * out[t] + i[t];
            if (!diagonal[t]) off = off * out[t] + j[t];
        }
        return off;
    }

    /** Multi-index of flat output index q (C order over o_1..o_k). */
    private int[] unravel(int q) {
        int[] idx = new int[out.length];
        for (int t = out.length - 1; t >= 0; t--) {
            idx[t] = q % out[t];
            q /= out[t];
        }
        return idx;
    }

    /**
     * Θ from per-leaf Jacobian tensors j1[l] (n1, outSize, leaf...) and j2[l] (n2, ...). Fully traced: Σ_l of one
     * matrix product (n1, outSize·P_l)·(n2, outSize·P_l)ᵀ each, in the tensor service (no copy to the heap);
     * otherwise through {@link #contract(TensorService, List, List, int[], int, int)}.
     */
    double[] contractTensors(TensorService ts, List<Tensor> j1, List<Tensor> j2, int n1, int n2) {
        int[] sizes = new int[j1.size()];
        for (int l = 0; l < sizes.length; l++) sizes[l] = (int) (j1.get(l).size() / ((long) n1 * outSize));
        if (allTraced()) {
            Tensor acc = null;
            for (int l = 0; l < sizes.length; l++) {
                Tensor a = ts.reshape(j1.get(l), n1, outSize * sizes[l]);
                Tensor b = j2 == j1 ? a : ts.reshape(j2.get(l), n2, outSize * sizes[l]);
                Tensor m = ts.matmul(a, ts.transpose(b, 1, 0));
                acc = acc == null ? m : ts.add(acc, m);
            }
            return ts.toDoubleArray(acc);
        }
        List<double[]> a = new ArrayList<>();
        for (Tensor t : j1) a.add(ts.toDoubleArray(t));
        List<double[]> b = a;
        if (j2 != j1) {
            b = new ArrayList<>();
            for (Tensor t : j2) b.add(ts.toDoubleArray(t));
        }
        return contract(ts, a, b, sizes, n1, n2);
    }

    /**
     * Θ from Jacobian blocks: j1[l] (n1, outSize, P_l) and j2[l] (n2, outSize, P_l) per parameter leaf, as one matrix
     * product per diagonal index: rows (a, free), columns (traced, leaf, p). Returns the block of {@link #shape}.
     */
    double[] contract(TensorService ts, List<double[]> j1, List<double[]> j2, int[] leafSizes, int n1, int n2) {
        int totalP = Arrays.stream(leafSizes).sum();
        int cols = tracedSize * totalP;
        double[] result = new double[(int) blockSize(n1, n2)];
        int[][] idx = new int[outSize][];
        for (int q = 0; q < outSize; q++) idx[q] = unravel(q);
        for (int d = 0; d < diagSize; d++) {
            double[] a = gather(j1, leafSizes, n1, idx, d, cols, totalP);
            double[] b = j2 == j1 ? a : gather(j2, leafSizes, n2, idx, d, cols, totalP);
            Tensor m = ts.matmul(ts.fromArray(a, n1 * freeSize, cols), ts.transpose(ts.fromArray(b, n2 * freeSize, cols), 1, 0));
            double[] mv = ts.toDoubleArray(m);
            int[] fi = freeIndices(d);
            for (int ra = 0; ra < n1 * freeSize; ra++) {
                int[] i = idx[fi[ra % freeSize]];
                for (int rb = 0; rb < n2 * freeSize; rb++) {
                    int[] j = idx[fi[rb % freeSize]];
                    result[(int) offset(n2, ra / freeSize, rb / freeSize, i, j)] = mv[ra * n2 * freeSize + rb];
                }
            }
        }
        return result;
    }

    /** The flat output indices of the free positions at diagonal index d with traced indices 0, in C order. */
    private int[] freeIndices(int d) {
        int[] fi = new int[freeSize];
        int c = 0;
        for (int q = 0; q < outSize; q++) {
            int[] i = unravel(q);
            if (diagIndex(i) == d && tracedIndex(i) == 0) fi[c++] = q;
        }
        return fi;
    }

    private int diagIndex(int[] i) {
        int d = 0;
        for (int t = 0; t < out.length; t++) if (diagonal[t]) d = d * out[t] + i[t];
        return d;
    }

    private int tracedIndex(int[] i) {
        int d = 0;
        for (int t = 0; t < out.length; t++) if (traced[t]) d = d * out[t] + i[t];
        return d;
    }

    private int freeIndex(int[] i) {
        int d = 0;
        for (int t = 0; t < out.length; t++) if (!traced[t] && !diagonal[t]) d = d * out[t] + i[t];
        return d;
    }

    /** Rows (a, free) × columns (traced, leaf, p) of the Jacobians at diagonal index d. */
    private double[] gather(List<double[]> jac, int[] leafSizes, int n, int[][] idx, int d, int cols, int totalP) {
        double[] m = new double[n * freeSize * cols];
        for (int a = 0; a < n; a++) {
            for (int q = 0; q < outSize; q++) {
                int[] i = idx[q];
                if (diagIndex(i) != d) continue;
                int row = a * freeSize + freeIndex(i);
                int col0 = tracedIndex(i) * totalP;
                for (int l = 0, p0 = 0; l < leafSizes.length; p0 += leafSizes[l], l++) {
                    System.arraycopy(jac.get(l), (a * outSize + q) * leafSizes[l], m, row * cols + col0 + p0, leafSizes[l]);
                }
            }
        }
        return m;
    }

    /** The kernel of {@link #shape} from the full kernel (n1, outSize, n2, outSize): traced axes summed, diagonals kept. */
    double[] reduce(double[] full, int n1, int n2) {
        double[] result = new double[(int) blockSize(n1, n2)];
        int[][] idx = new int[outSize][];
        for (int q = 0; q < outSize; q++) idx[q] = unravel(q);
        for (int a = 0; a < n1; a++) {
            for (int q = 0; q < outSize; q++) {
                int[] i = idx[q];
                for (int b = 0; b < n2; b++) {
                    for (int r = 0; r < outSize; r++) {
                        int[] j = idx[r];
                        if (!paired(i, j)) continue;
                        result[(int) offset(n2, a, b, i, j)] += full[((a * outSize + q) * n2 + b) * outSize + r];
                    }
                }
            }
        }
        return result;
    }

    /** Whether x1's output index i and x2's j meet in the kernel (equal on traced and diagonal axes). */
    private boolean paired(int[] i, int[] j) {
        for (int t = 0; t < out.length; t++) if ((traced[t] || diagonal[t]) && i[t] != j[t]) return false;
        return true;
    }
}
