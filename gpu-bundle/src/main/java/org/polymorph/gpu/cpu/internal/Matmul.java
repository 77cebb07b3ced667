package org.polymorph.gpu.cpu.internal;

import java.lang.ref.Reference;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.polymorph.core.tensor.DType;

/**
 * numpy.matmul, dot and outer. Products with at least {@code blasMinFlops} multiply-adds (batch
 * included) go to OpenBLAS GEMM on the operands' cached native copies, with transposed views
 * passed as transpose flags (no copy); the result stays native until Java reads it, in a buffer
 * recycled through {@link NativePool}. Smaller
 * products run an i-p-j Java loop in double (float32 rounded once), integers in 64-bit.
 */
final class Matmul {
    private final Blas blas;
    private final long blasMinFlops;
    private final NativePool pool = NativePool.shared();

    Matmul(Blas blas, long blasMinFlops) {
        this.blas = blas;
        this.blasMinFlops = blasMinFlops;
    }

    long blasMinFlops() { return blasMinFlops; }

    NdTensor matmul(NdTensor a, NdTensor b) {
        String op = "matmul";
        Checks.sameDtype(op, a, b);
        Checks.numeric(op, a);
        if (a.dims.length == 0 || b.dims.length == 0) {
            throw new IllegalArgumentException(op + ": operands need rank >= 1, got " + a.shape + " and " + b.shape
                    + "; use mul for scalars");
        }
        NdTensor a2 = a.dims.length == 1 ? a.view(new int[] {1, a.dims[0]}, new int[] {0, a.strides[0]}, a.offset) : a;
        NdTensor b2 = b.dims.length == 1 ? b.view(new int[] {b.dims[0], 1}, new int[] {b.strides[0], 0}, b.offset) : b;
        int ra = a2.dims.length, rb = b2.dims.length;
        int m = a2.dims[ra - 2], k = a2.dims[ra - 1], n = b2.dims[rb - 1];
        if (b2.dims[rb - 2] != k) {
            throw new IllegalArgumentException(op + ": inner dimensions differ for shapes " + a.shape + " and "
                    + b.shape + " (" + k + " vs " + b2.dims[rb - 2] + "); transpose or reshape an operand");
        }
        int[] batch = Layout.broadcast(op + " (batch axes)", Arrays.copyOf(a2.dims, ra - 2), Arrays.copyOf(b2.dims, rb - 2));
        int nb = Layout.size(batch);
        NdTensor out = useBlas(a.dtype, nb, m, n, k) ? native_(a2, b2, batch, m, k, n) : java(a2, b2, batch, m, k, n);
        int[] outDims = out.dims;
        if (a.dims.length == 1) outDims = Layout.without(outDims, outDims.length - 2);
        if (b.dims.length == 1) outDims = Layout.without(outDims, outDims.length - 1);
        return outDims.length == out.dims.length ? out : out.view(outDims, Layout.rowMajorStrides(outDims), 0);
    }

    private boolean useBlas(DType dt, long nb, long m, long n, long k) {
        return dt.isFloating() && m > 0 && n > 0 && k > 0 && nb * m * n * k >= blasMinFlops;
    }

    NdTensor dot(NdTensor a, NdTensor b) {
        if (a.dims.length != 1 || b.dims.length != 1) return matmul(a, b);
        Checks.sameDtype("dot", a, b);
        Checks.numeric("dot", a);
        if (a.size != b.size) {
            throw new IllegalArgumentException("dot: lengths differ, shapes " + a.shape + " and " + b.shape
                    + "; give two vectors of one length");
        }
        return matmul(a, b);
    }

    /** numpy.outer: both operands flattened; out[i, j] = a[i] * b[j]. */
    NdTensor outer(NdTensor a, NdTensor b) {
        Checks.sameDtype("outer", a, b);
        Checks.numeric("outer", a);
        NdTensor col = ShapeOps.reshape(a, a.size, 1);
        NdTensor row = ShapeOps.reshape(b, 1, b.size);
        return Elementwise.binary(org.polymorph.core.tensor.BinaryOp.MUL, col, row);
    }

    /** Row-major batched product of contiguous arrays (the GEMM that einsum contracts with). */
    double[] batched(double[] a, double[] b, int batch, int m, int k, int n) {
        NdTensor ta = NdTensor.of(DType.FLOAT64, new int[] {batch, m, k}, a);
        NdTensor tb = NdTensor.of(DType.FLOAT64, new int[] {batch, k, n}, b);
        int[] bd = {batch};
        NdTensor c = useBlas(DType.FLOAT64, batch, m, n, k) ? native_(ta, tb, bd, m, k, n) : java(ta, tb, bd, m, k, n);
        return c.storage.doubles();
    }

    private static NdTensor java(NdTensor a, NdTensor b, int[] batch, int m, int k, int n) {
        int nb = Layout.size(batch);
        int[] outDims = Layout.concat(batch, new int[] {m, n});
        int[] ad = Layout.concat(batch, new int[] {m, k});
        int[] bd = Layout.concat(batch, new int[] {k, n});
        if (a.dtype.isFloating()) {
            double[] x = Dense.doubles(a, ad), y = Dense.doubles(b, bd);
            double[] out = new double[nb * m * n];
            for (int t = 0; t < nb; t++) {
                int xo = t * m * k, yo = t * k * n, oo = t * m * n;
                for (int i = 0; i < m; i++) {
                    int row = oo + i * n;
                    for (int p = 0; p < k; p++) {
                        double v = x[xo + i * k + p];
                        int yr = yo + p * n;
                        for (int j = 0; j < n; j++) out[row + j] += v * y[yr + j];
                    }
                }
            }
            return Dense.fromDoubles(a.dtype, outDims, out);
        }
        long[] x = Dense.longs(a, ad), y = Dense.longs(b, bd);
        long[] out = new long[nb * m * n];
        for (int t = 0; t < nb; t++) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    long v = x[t * m * k + i * k + p];
                    for (int j = 0; j < n; j++) out[t * m * n + i * n + j] += v * y[t * k * n + p * n + j];
                }
            }
        }
        return Dense.fromLongs(a.dtype, outDims, out);
    }

    private NdTensor native_(NdTensor a, NdTensor b, int[] batch, int m, int k, int n) {
        blas.awaitLoaded();
        Operand oa = Operand.of(a, m, k);
        Operand ob = Operand.of(b, k, n);
        int[] aOff = batchOffsets(oa.t, batch);
        int[] bOff = batchOffsets(ob.t, batch);
        int nb = aOff.length;
        long total = (long) nb * m * n;
        Pointer c = NativeGuard.call(() -> {
            Pointer pa = oa.t.storage.nativeData(), pb = ob.t.storage.nativeData();
            if (a.dtype == DType.FLOAT64) {
                DoublePointer out = (DoublePointer) pool.allocate(DType.FLOAT64, total);
                DoublePointer va = new DoublePointer(pa), vb = new DoublePointer(pb), vc = new DoublePointer(out);
                for (int t = 0; t < nb; t++) {
                    Blas.dgemm(oa.trans, ob.trans, m, n, k, va.position(aOff[t]), oa.ld, vb.position(bOff[t]), ob.ld,
                            vc.position((long) t * m * n), n);
                }
                return out;
            }
            FloatPointer out = (FloatPointer) pool.allocate(DType.FLOAT32, total);
            FloatPointer va = new FloatPointer(pa), vb = new FloatPointer(pb), vc = new FloatPointer(out);
            for (int t = 0; t < nb; t++) {
                Blas.sgemm(oa.trans, ob.trans, m, n, k, va.position(aOff[t]), oa.ld, vb.position(bOff[t]), ob.ld,
                        vc.position((long) t * m * n), n);
            }
            return out;
        });
        Reference.reachabilityFence(oa);
        Reference.reachabilityFence(ob);
        int[] outDims = Layout.concat(batch, new int[] {m, n});
        return new NdTensor(Storage.ofNative(a.dtype, c, (int) total, pool), org.polymorph.core.tensor.Shape.of(outDims),
                outDims, Layout.rowMajorStrides(outDims), 0);
    }

    /** Offsets of each batch matrix's first element, batch axes broadcast. */
    private static int[] batchOffsets(NdTensor t, int[] batch) {
        int r = t.dims.length;
        return Layout.offsets(batch, Layout.broadcastStrides(Arrays.copyOf(t.dims, r - 2), Arrays.copyOf(t.strides, r - 2), batch), t.offset);
    }

    /** A GEMM operand: the tensor (copied to contiguous when its matrix layout does not fit BLAS), transpose flag and leading dimension. */
    private record Operand(NdTensor t, boolean trans, int ld) {
        static Operand of(NdTensor t, int rows, int cols) {
            int r = t.dims.length;
            int s0 = t.strides[r - 2], s1 = t.strides[r - 1];
            if ((cols <= 1 || s1 == 1) && (rows <= 1 || s0 >= Math.max(cols, 1))) {
                return new Operand(t, false, rows <= 1 ? Math.max(cols, 1) : s0);
            }
            if ((rows <= 1 || s0 == 1) && (cols <= 1 || s1 >= Math.max(rows, 1))) {
                return new Operand(t, true, cols <= 1 ? Math.max(rows, 1) : s1);
            }
            NdTensor c = Dense.compact(t);
            return new Operand(c, false, Math.max(cols, 1));
        }
    }
}
