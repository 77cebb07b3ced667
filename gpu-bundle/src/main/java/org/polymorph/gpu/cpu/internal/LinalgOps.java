package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.gpu.cpu.internal.linalg.Einsum;
import org.polymorph.gpu.cpu.internal.linalg.Fft;
import org.polymorph.gpu.cpu.internal.linalg.Lapack;

/**
 * Linear algebra (LAPACKE), FFT and einsum through the float64 kernels: operands are read as
 * contiguous double[] (batch axes broadcast where the op allows), results are stored back in the
 * operand dtype (float32 computes in double and rounds once). Like the rest of linear algebra,
 * einsum takes float32 and float64 only.
 */
final class LinalgOps {
    private final Blas blas;
    private final Matmul matmul;

    LinalgOps(Blas blas, Matmul matmul) {
        this.blas = blas;
        this.matmul = matmul;
    }

    private static int[] square(String op, NdTensor a) {
        Checks.floating(op, a);
        int r = a.dims.length;
        if (r < 2 || a.dims[r - 1] != a.dims[r - 2]) {
            throw new IllegalArgumentException(op + ": needs square matrices [..., n, n], got " + a.shape
                    + "; pass a tensor whose last two axes have one length");
        }
        return Arrays.copyOf(a.dims, r - 2);
    }

    private <T> T lapack(java.util.concurrent.Callable<T> body) {
        blas.awaitLoaded();
        return NativeGuard.call(body);
    }

    NdTensor solve(NdTensor a, NdTensor b) {
        String op = "solve";
        int[] aBatch = square(op, a);
        Checks.sameDtype(op, a, b);
        int n = a.dims[a.dims.length - 1];
        // b is a vector stack when 1-D, or one rank below a with last axis n (the reference's rule,
        // widened: a b of that rank whose last axis is not n is read as a matrix stack, as numpy 2 does)
        boolean vector = b.dims.length == 1
                || b.dims.length == a.dims.length - 1 && b.dims.length > 0 && b.dims[b.dims.length - 1] == n;
        int[] bd = vector ? Layout.concat(b.dims, new int[] {1}) : b.dims;
        if (bd.length < 2 || bd[bd.length - 2] != n) {
            throw new IllegalArgumentException(op + ": right-hand side " + b.shape + " does not fit matrices " + a.shape
                    + "; give b as [..., " + n + "] or [..., " + n + ", k]");
        }
        int k = bd[bd.length - 1];
        int[] batch = Layout.broadcast(op + " (batch axes)", aBatch, Arrays.copyOf(bd, bd.length - 2));
        int nb = Layout.size(batch);
        double[] av = Dense.doubles(a, Layout.concat(batch, new int[] {n, n}));
        NdTensor bm = b.view(bd, vector ? Layout.concat(b.strides, new int[] {0}) : b.strides, b.offset);
        double[] bv = Dense.doubles(bm, Layout.concat(batch, new int[] {n, k}));
        double[] x = lapack(() -> Lapack.solve(av, bv, nb, n, k));
        int[] outDims = vector ? Layout.concat(batch, new int[] {n}) : Layout.concat(batch, new int[] {n, k});
        return Dense.fromDoubles(a.dtype, outDims, x);
    }

    NdTensor inverse(NdTensor a) {
        int[] batch = square("inverse", a);
        int n = a.dims[a.dims.length - 1];
        double[] av = Dense.doubles(a);
        return Dense.fromDoubles(a.dtype, a.dims, lapack(() -> Lapack.inverse(av, Layout.size(batch), n)));
    }

    NdTensor det(NdTensor a) {
        int[] batch = square("det", a);
        int n = a.dims[a.dims.length - 1];
        double[] av = Dense.doubles(a);
        return Dense.fromDoubles(a.dtype, batch, lapack(() -> Lapack.det(av, Layout.size(batch), n)));
    }

    NdTensor cholesky(NdTensor a) {
        int[] batch = square("cholesky", a);
        int n = a.dims[a.dims.length - 1];
        double[] av = Dense.doubles(a);
        return Dense.fromDoubles(a.dtype, a.dims, lapack(() -> Lapack.cholesky(av, Layout.size(batch), n)));
    }

    Eigh eigh(NdTensor a) {
        int[] batch = square("eigh", a);
        int n = a.dims[a.dims.length - 1];
        double[] av = Dense.doubles(a);
        Lapack.Eigh e = lapack(() -> Lapack.eigh(av, Layout.size(batch), n));
        return new Eigh(Dense.fromDoubles(a.dtype, Layout.concat(batch, new int[] {n}), e.values()),
                Dense.fromDoubles(a.dtype, a.dims, e.vectors()));
    }

    QR qr(NdTensor a) {
        int[] batch = matrices("qr", a);
        int m = a.dims[a.dims.length - 2], n = a.dims[a.dims.length - 1], k = Math.min(m, n);
        double[] av = Dense.doubles(a);
        Lapack.Qr q = lapack(() -> Lapack.qr(av, Layout.size(batch), m, n));
        return new QR(Dense.fromDoubles(a.dtype, Layout.concat(batch, new int[] {m, k}), q.q()),
                Dense.fromDoubles(a.dtype, Layout.concat(batch, new int[] {k, n}), q.r()));
    }

    SVD svd(NdTensor a) {
        int[] batch = matrices("svd", a);
        int m = a.dims[a.dims.length - 2], n = a.dims[a.dims.length - 1], k = Math.min(m, n);
        double[] av = Dense.doubles(a);
        Lapack.Svd s = lapack(() -> Lapack.svd(av, Layout.size(batch), m, n));
        return new SVD(Dense.fromDoubles(a.dtype, Layout.concat(batch, new int[] {m, k}), s.u()),
                Dense.fromDoubles(a.dtype, Layout.concat(batch, new int[] {k}), s.s()),
                Dense.fromDoubles(a.dtype, Layout.concat(batch, new int[] {k, n}), s.vt()));
    }

    private static int[] matrices(String op, NdTensor a) {
        Checks.floating(op, a);
        if (a.dims.length < 2) {
            throw new IllegalArgumentException(op + ": needs matrices [..., m, n], got " + a.shape + "; reshape to rank >= 2");
        }
        return Arrays.copyOf(a.dims, a.dims.length - 2);
    }

    Complex rfft(NdTensor x) {
        int n = lastAxis("rfft", x);
        int batch = n == 0 ? 0 : x.size / n;
        Fft.Complex c = Fft.rfft(Dense.doubles(x), batch, n);
        int[] d = x.dims.clone();
        d[d.length - 1] = n / 2 + 1;
        return new Complex(Dense.fromDoubles(x.dtype, d, c.re()), Dense.fromDoubles(x.dtype, d, c.im()));
    }

    NdTensor irfft(NdTensor re, NdTensor im, int n) {
        int bins = complexPair("irfft", re, im);
        if (n < 1) throw new IllegalArgumentException("irfft: output length n = " + n + "; give n >= 1");
        int batch = bins == 0 ? Layout.size(Arrays.copyOf(re.dims, re.dims.length - 1)) : re.size / bins;
        double[] out = Fft.irfft(Dense.doubles(re), Dense.doubles(im), batch, bins, n);
        int[] d = re.dims.clone();
        d[d.length - 1] = n;
        return Dense.fromDoubles(re.dtype, d, out);
    }

    Complex fft(NdTensor re, NdTensor im, boolean inverse) {
        int n = complexPair(inverse ? "ifft" : "fft", re, im);
        int batch = n == 0 ? 0 : re.size / n;
        Fft.Complex c = Fft.fft(Dense.doubles(re), Dense.doubles(im), batch, n, inverse);
        return new Complex(Dense.fromDoubles(re.dtype, re.dims, c.re()), Dense.fromDoubles(re.dtype, re.dims, c.im()));
    }

    private static int lastAxis(String op, NdTensor x) {
        Checks.floating(op, x);
        if (x.dims.length == 0) throw new IllegalArgumentException(op + ": needs rank >= 1, got a scalar; reshape it to [n]");
        int n = x.dims[x.dims.length - 1];
        if (n == 0 && !op.equals("irfft")) {
            throw new IllegalArgumentException(op + ": the last axis of " + x.shape + " has length 0, as numpy.fft"
                    + " this has no transform; give at least one point");
        }
        return n;
    }

    private static int complexPair(String op, NdTensor re, NdTensor im) {
        Checks.sameDtype(op, re, im);
        if (!Arrays.equals(re.dims, im.dims)) {
            throw new IllegalArgumentException(op + ": real part " + re.shape + " and imaginary part " + im.shape
                    + " differ in shape; give both parts one shape");
        }
        return lastAxis(op, re);
    }

    NdTensor einsum(String spec, NdTensor... ops) {
        if (ops.length == 0) throw new IllegalArgumentException("einsum: no operands for spec '" + spec + "'");
        double[][] data = new double[ops.length][];
        int[][] shapes = new int[ops.length][];
        for (int i = 0; i < ops.length; i++) {
            Checks.sameDtype("einsum '" + spec + "'", ops[0], ops[i]);
            Checks.floating("einsum '" + spec + "'", ops[i]);
            data[i] = Dense.doubles(ops[i]);
            shapes[i] = ops[i].dims;
        }
        if (spec == null) throw new IllegalArgumentException("einsum: spec is null; give e.g. \"ij,jk->ik\"");
        Einsum.Result r = Einsum.compute(spec, data, shapes, matmul::batched);
        DType dt = ops[0].dtype;
        return Dense.fromDoubles(dt, r.shape(), r.data());
    }
}
