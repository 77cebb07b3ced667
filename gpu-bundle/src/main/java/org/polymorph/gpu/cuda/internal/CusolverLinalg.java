package org.polymorph.gpu.cuda.internal;

import static org.polymorph.gpu.cuda.internal.LibraryHandles.doubles;
import static org.polymorph.gpu.cuda.internal.LibraryHandles.ints;
import static org.polymorph.gpu.cuda.internal.LibraryHandles.solverCheck;

import java.lang.ref.Reference;
import java.util.Arrays;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cusolver;
import org.bytedeco.javacpp.IntPointer;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.KernelLauncher.Scratch;

/**
 * Linear algebra of the CUDA TensorService through cuSOLVER's dense routines, one matrix of the
 * batch after another on the calling thread's stream, in float64 (float32 operands are widened on
 * the device and the results rounded once, as the host service computes them).
 *
 * <p>cuSOLVER is column-major; a row-major [r, c] matrix is the column-major [c, r] matrix a^T, so
 * each routine is chosen to need as few transposes as possible (the same choices as the host's
 * LAPACK path): getrf on a^T and getrs with 'T' solve a x = b; getrs with 'N' on the identity gives
 * inv(a^T) column-major, which is inv(a) row-major; potrf('U') of a^T is L^T column-major, i.e. L row-major;
 * syevd('U') of a^T reads a's lower triangle; gesvd needs rows >= columns, so it runs on a^T when
 * n >= m (a^T = U' S V'^T gives row-major vt = U', u = V' as stored) and on a (one transpose each
 * way) otherwise; geqrf/orgqr run on a, transposed once.
 *
 * <p>Each method returns null where the host path must answer: an operand that is not a non-empty
 * device tensor of a float dtype, shapes it does not take as they are (batch broadcasting, invalid
 * shapes: the host's message), or a non-finite entry (the host gives NaN for that matrix). Numerical
 * failures throw {@link ArithmeticException} with the host's wording: solve and inverse of a
 * singular matrix, cholesky of a matrix that is not positive definite, eigh or svd that do not converge.
 */
final class CusolverLinalg {
    private final LibraryHandles handles;
    private final TensorService svc;
    private final KernelLauncher k;
    private final HostBridge bridge;
    private final Device device;

    CusolverLinalg(LibraryHandles handles, TensorService svc, KernelLauncher k, HostBridge bridge) {
        this.handles = handles;
        this.svc = svc;
        this.k = k;
        this.bridge = bridge;
        this.device = k.device();
    }

    // ---- operands ----

    /** A non-empty float device tensor of rank >= 2 whose element count fits an int. */
    private static boolean matrices(Tensor a) {
        return a instanceof CudaTensor c && c.onDevice() && c.rank() >= 2 && c.size() > 0 && c.size() < Integer.MAX_VALUE / 2;
    }

    private static boolean square(Tensor a) { return matrices(a) && a.dim(a.rank() - 1) == a.dim(a.rank() - 2); }

    /** Whether every entry is finite: the sum of x * 0 is NaN exactly when one is not. */
    private boolean finite(Tensor x) {
        Tensor z = svc.reduce(ReduceOp.SUM, svc.binary(BinaryOp.MUL, x, svc.full(x.dtype(), 0)), false);
        return !Double.isNaN(svc.toDoubleArray(z)[0]);
    }

    /** A float64 copy of x that the routines may overwrite. */
    private CudaTensor fresh64(CudaTensor x) {
        if (x.dtype() != DType.FLOAT64) return (CudaTensor) svc.cast(x, DType.FLOAT64);
        CudaTensor out = bridge.allocate(DType.FLOAT64, x.shape());
        device.copy(x.address(), out.address(), x.size() * Double.BYTES);
        return out;
    }

    /** A freshly made tensor as float64 (itself when it is). */
    private CudaTensor as64(Tensor fresh) { return (CudaTensor) svc.cast(fresh, DType.FLOAT64); }

    /** The result in the operands' dtype. */
    private Tensor back(Tensor r, DType t) { return svc.cast(r, t); }

    /** x with its last two axes swapped (a new tensor). */
    private Tensor swapLast(Tensor x) {
        int r = x.rank();
        int[] p = new int[r];
        for (int d = 0; d < r; d++) p[d] = d;
        p[r - 2] = r - 1;
        p[r - 1] = r - 2;
        return svc.transpose(x, p);
    }

    private static int[] batchOf(int[] shape, int drop) { return Arrays.copyOf(shape, shape.length - drop); }

    private static int[] concat(int[] a, int... b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** x times a 0/1 [rows, cols] mask keeping j <= i (lower) or j >= i (upper), broadcast over the batch. */
    private Tensor triangle(Tensor x, int rows, int cols, boolean lower) {
        double[] mask = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) mask[i * cols + j] = (lower ? j <= i : j >= i) ? 1 : 0;
        }
        return svc.binary(BinaryOp.MUL, x, svc.fromArray(mask, rows, cols));
    }

    /** cuSOLVER's info of each matrix (downloaded after the thread's queued work). */
    private int[] infos(long info, int batch, String routine) {
        int[] v = new int[batch];
        device.download(info, v, 0, batch);
        for (int i = 0; i < batch; i++) {
            if (v[i] < 0) throw new IllegalStateException("cuSOLVER " + routine + " rejected argument " + (-v[i]));
        }
        return v;
    }

    private static void singular(String op, int[] info) {
        for (int i = 0; i < info.length; i++) {
            if (info[i] > 0) {
                throw new ArithmeticException(op + ": the matrix at batch index " + i + " is singular (LU pivot " + info[i] + " is exactly zero)");
            }
        }
    }

    private static void converged(String op, String routine, int[] info) {
        for (int i = 0; i < info.length; i++) {
            if (info[i] > 0) {
                throw new ArithmeticException(op + ": cuSOLVER " + routine + " did not converge for the matrix at batch index " + i
                        + " (info " + info[i] + ")");
            }
        }
    }

    /** A workspace of {@code lwork} doubles (at least one). */
    private static long workspace(Scratch s, IntPointer lwork) { return s.temp(8L * Math.max(1, lwork.get())); }

    /** LU factorisations (getrf with partial pivoting) of the batch of column-major n x n matrices at {@code lu}; the infos. */
    private int[] getrf(Scratch s, cusolverDnContext h, long lu, int batch, int n, long ipiv) {
        long info = s.temp(4L * batch);
        long nn = (long) n * n;
        try (IntPointer lw = new IntPointer(1)) {
            solverCheck("cusolverDnDgetrf_bufferSize", cusolver.cusolverDnDgetrf_bufferSize(h, n, n, doubles(lu), n, lw));
            long work = workspace(s, lw);
            for (int i = 0; i < batch; i++) {
                solverCheck("cusolverDnDgetrf", cusolver.cusolverDnDgetrf(h, n, n, doubles(lu + 8 * i * nn), n, doubles(work),
                        ints(ipiv + 4L * i * n), ints(info + 4L * i)));
            }
        }
        return infos(info, batch, "getrf");
    }

    /** Solves op(A_i) X_i = B_i in place of the column-major n x nrhs B_i, from getrf's factors. */
    private void getrs(Scratch s, cusolverDnContext h, boolean transpose, long lu, long ipiv, long b, int batch, int n, int nrhs) {
        long info = s.temp(4L * batch);
        long nn = (long) n * n;
        int op = transpose ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
        for (int i = 0; i < batch; i++) {
            solverCheck("cusolverDnDgetrs", cusolver.cusolverDnDgetrs(h, op, n, nrhs, doubles(lu + 8 * i * nn), n,
                    ints(ipiv + 4L * i * n), doubles(b + 8L * i * n * nrhs), n, ints(info + 4L * i)));
        }
        infos(info, batch, "getrs");
    }

    // ---- the ops ----

    /** a x = b for a [..., n, n] and b [..., n] (rank 1 or a's rank - 1) or [..., n, k] with a's batch axes. */
    Tensor solve(Tensor a, Tensor b) {
        if (!square(a) || !(b instanceof CudaTensor cb) || !cb.onDevice() || b.dtype() != a.dtype() || b.size() == 0) return null;
        int[] as = a.shape().toArray();
        int[] bs = b.shape().toArray();
        int n = as[as.length - 1];
        boolean vector = bs.length == 1 || bs.length == as.length - 1 && bs[bs.length - 1] == n;
        int[] batch = batchOf(as, 2);
        if (vector ? bs[bs.length - 1] != n || !Arrays.equals(batchOf(bs, 1), batch)
                : bs.length < 2 || bs[bs.length - 2] != n || !Arrays.equals(batchOf(bs, 2), batch)) {
            return null;
        }
        if (!finite(a) || !finite(b)) return null;
        int nb = count(batch);
        int nrhs = vector ? 1 : bs[bs.length - 1];
        CudaTensor lu = fresh64((CudaTensor) a);
        // column-major right-hand sides: a vector stack as it is, a matrix stack transposed
        CudaTensor x = vector ? fresh64(cb) : as64(swapLast(cb));
        try (Scratch s = k.scratch()) {
            cusolverDnContext h = handles.cusolver();
            long ipiv = s.temp(4L * nb * n);
            singular("solve", getrf(s, h, lu.address(), nb, n, ipiv));
            getrs(s, h, true, lu.address(), ipiv, x.address(), nb, n, nrhs);
        }
        Reference.reachabilityFence(lu);   // its block is not released while cuSOLVER uses it
        return back(vector ? x : swapLast(x), a.dtype());
    }

    /** inv(a) for a [..., n, n]: getrs('N') of a^T's factors on the identity gives inv(a^T) column-major, inv(a) row-major. */
    Tensor inverse(Tensor a) {
        if (!square(a) || !finite(a)) return null;
        int[] as = a.shape().toArray();
        int n = as[as.length - 1];
        int nb = count(batchOf(as, 2));
        CudaTensor lu = fresh64((CudaTensor) a);
        CudaTensor inv = as64(svc.broadcastTo(svc.eye(DType.FLOAT64, n), as));
        try (Scratch s = k.scratch()) {
            cusolverDnContext h = handles.cusolver();
            long ipiv = s.temp(4L * nb * n);
            singular("inverse", getrf(s, h, lu.address(), nb, n, ipiv));
            getrs(s, h, false, lu.address(), ipiv, inv.address(), nb, n, n);
        }
        Reference.reachabilityFence(lu);
        return back(inv, a.dtype());
    }

    /** det(a) for a [..., n, n]: the product of U's diagonal, negated per row interchange; 0 for a singular matrix. */
    Tensor det(Tensor a) {
        if (!square(a) || !finite(a)) return null;
        int[] as = a.shape().toArray();
        int n = as[as.length - 1];
        int[] batch = batchOf(as, 2);
        int nb = count(batch);
        CudaTensor lu = fresh64((CudaTensor) a);
        double[] diag = new double[nb * n];
        int[] piv = new int[nb * n];
        int[] info;
        try (Scratch s = k.scratch()) {
            cusolverDnContext h = handles.cusolver();
            long ipiv = s.temp(4L * nb * n);
            info = getrf(s, h, lu.address(), nb, n, ipiv);
            long d = s.temp(8L * nb * n);
            k.copy(s, DType.FLOAT64, new int[] {nb, n}, lu.address(), 0, new long[] {(long) n * n, n + 1L}, d, 0, new long[] {n, 1});
            device.download(d, diag, 0, diag.length);
            device.download(ipiv, piv, 0, piv.length);
        }
        Reference.reachabilityFence(lu);
        double[] det = new double[nb];
        for (int i = 0; i < nb; i++) {
            if (info[i] > 0) continue;   // an exactly zero pivot: det 0, as the host gives
            double v = 1;
            for (int j = 0; j < n; j++) {
                v *= diag[i * n + j];
                if (piv[i * n + j] != j + 1) v = -v;   // ipiv is 1-based
            }
            det[i] = v;
        }
        return back(svc.fromArray(det, batch), a.dtype());
    }

    /** Lower L with a = L L^T from a's lower triangle, for a [..., n, n]. */
    Tensor cholesky(Tensor a) {
        if (!square(a) || !finite(a)) return null;
        int[] as = a.shape().toArray();
        int n = as[as.length - 1];
        int nb = count(batchOf(as, 2));
        CudaTensor u = fresh64((CudaTensor) a);
        long nn = (long) n * n;
        try (Scratch s = k.scratch(); IntPointer lw = new IntPointer(1)) {
            cusolverDnContext h = handles.cusolver();
            int upper = cublas.CUBLAS_FILL_MODE_UPPER;
            solverCheck("cusolverDnDpotrf_bufferSize", cusolver.cusolverDnDpotrf_bufferSize(h, upper, n, doubles(u.address()), n, lw));
            long work = workspace(s, lw);
            long info = s.temp(4L * nb);
            for (int i = 0; i < nb; i++) {
                solverCheck("cusolverDnDpotrf", cusolver.cusolverDnDpotrf(h, upper, n, doubles(u.address() + 8 * i * nn), n,
                        doubles(work), lw.get(), ints(info + 4L * i)));
            }
            int[] v = infos(info, nb, "potrf");
            for (int i = 0; i < nb; i++) {
                if (v[i] > 0) {
                    throw new ArithmeticException("cholesky: the matrix at batch index " + i
                            + " is not positive definite (leading minor of order " + v[i] + " is not positive)");
                }
            }
        }
        // the column-major strict lower part (row-major strict upper) still holds a's entries
        return back(triangle(u, n, n, true), a.dtype());
    }

    /** Eigenvalues ascending [..., n] and eigenvectors in columns [..., n, n] of a [..., n, n] from its lower triangle. */
    Eigh eigh(Tensor a) {
        if (!square(a) || !finite(a)) return null;
        int[] as = a.shape().toArray();
        int n = as[as.length - 1];
        int[] batch = batchOf(as, 2);
        int nb = count(batch);
        CudaTensor v = fresh64((CudaTensor) a);
        CudaTensor w = bridge.allocate(DType.FLOAT64, Shape.of(concat(batch, n)));
        long nn = (long) n * n;
        try (Scratch s = k.scratch(); IntPointer lw = new IntPointer(1)) {
            cusolverDnContext h = handles.cusolver();
            int vectors = cusolver.CUSOLVER_EIG_MODE_VECTOR;
            int upper = cublas.CUBLAS_FILL_MODE_UPPER;
            solverCheck("cusolverDnDsyevd_bufferSize", cusolver.cusolverDnDsyevd_bufferSize(h, vectors, upper, n, doubles(v.address()), n,
                    doubles(w.address()), lw));
            long work = workspace(s, lw);
            long info = s.temp(4L * nb);
            for (int i = 0; i < nb; i++) {
                solverCheck("cusolverDnDsyevd", cusolver.cusolverDnDsyevd(h, vectors, upper, n, doubles(v.address() + 8 * i * nn), n,
                        doubles(w.address() + 8L * i * n), doubles(work), lw.get(), ints(info + 4L * i)));
            }
            converged("eigh", "syevd", infos(info, nb, "syevd"));
        }
        // eigenvector j is column j of the column-major result, i.e. row j read row-major
        return new Eigh(back(w, a.dtype()), back(swapLast(v), a.dtype()));
    }

    /** Reduced QR of a [..., m, n]: q [..., m, k] and r [..., k, n], k = min(m, n), Householder (geqrf, orgqr). */
    QR qr(Tensor a) {
        if (!matrices(a) || !finite(a)) return null;
        int[] as = a.shape().toArray();
        int m = as[as.length - 2];
        int n = as[as.length - 1];
        int kk = Math.min(m, n);
        int[] batch = batchOf(as, 2);
        int nb = count(batch);
        CudaTensor f = as64(swapLast(a));   // row-major [n, m] = column-major a, leading dimension m
        CudaTensor r = bridge.allocate(DType.FLOAT64, Shape.of(concat(batch, kk, n)));
        CudaTensor q = bridge.allocate(DType.FLOAT64, Shape.of(concat(batch, m, kk)));
        long mn = (long) m * n;
        try (Scratch s = k.scratch(); IntPointer lw1 = new IntPointer(1); IntPointer lw2 = new IntPointer(1)) {
            cusolverDnContext h = handles.cusolver();
            long tau = s.temp(8L * nb * kk);
            solverCheck("cusolverDnDgeqrf_bufferSize", cusolver.cusolverDnDgeqrf_bufferSize(h, m, n, doubles(f.address()), m, lw1));
            solverCheck("cusolverDnDorgqr_bufferSize", cusolver.cusolverDnDorgqr_bufferSize(h, m, kk, kk, doubles(f.address()), m,
                    doubles(tau), lw2));
            int lwork = Math.max(1, Math.max(lw1.get(), lw2.get()));
            long work = s.temp(8L * lwork);
            long info = s.temp(4L * nb);
            for (int i = 0; i < nb; i++) {
                solverCheck("cusolverDnDgeqrf", cusolver.cusolverDnDgeqrf(h, m, n, doubles(f.address() + 8 * i * mn), m,
                        doubles(tau + 8L * i * kk), doubles(work), lwork, ints(info + 4L * i)));
            }
            // R: the upper triangle of the first k rows; R[i][j] = F(i, j) at column-major offset i + j*m
            k.copy(s, DType.FLOAT64, new int[] {nb, kk, n}, f.address(), 0, new long[] {mn, 1, m}, r.address(), 0,
                    new long[] {(long) kk * n, n, 1});
            for (int i = 0; i < nb; i++) {
                solverCheck("cusolverDnDorgqr", cusolver.cusolverDnDorgqr(h, m, kk, kk, doubles(f.address() + 8 * i * mn), m,
                        doubles(tau + 8L * i * kk), doubles(work), lwork, ints(info + 4L * i)));
            }
            // Q: the first k columns; Q[i][c] at column-major offset i + c*m
            k.copy(s, DType.FLOAT64, new int[] {nb, m, kk}, f.address(), 0, new long[] {mn, 1, m}, q.address(), 0,
                    new long[] {(long) m * kk, kk, 1});
            infos(info, nb, "geqrf/orgqr");
        }
        Reference.reachabilityFence(f);
        return new QR(back(q, a.dtype()), back(triangle(r, kk, n, false), a.dtype()));
    }

    /** Reduced SVD of a [..., m, n]: u [..., m, k], s [..., k] descending, vt [..., k, n] (gesvd, jobu = jobvt = 'S'). */
    SVD svd(Tensor a) {
        if (!matrices(a) || !finite(a)) return null;
        int[] as = a.shape().toArray();
        int m = as[as.length - 2];
        int n = as[as.length - 1];
        int kk = Math.min(m, n);
        int[] batch = batchOf(as, 2);
        int nb = count(batch);
        boolean wide = n >= m;
        // gesvd's matrix has rows >= cols: a^T (a as stored) when n >= m, else a (a transposed copy)
        int rows = wide ? n : m;
        int cols = wide ? m : n;
        CudaTensor x = wide ? fresh64((CudaTensor) a) : as64(swapLast(a));
        // U' column-major [rows, k], VT' column-major [k, cols]: stored row-major as [k, rows] and [cols, k]
        CudaTensor uBuf = bridge.allocate(DType.FLOAT64, Shape.of(concat(batch, kk, rows)));
        CudaTensor vBuf = bridge.allocate(DType.FLOAT64, Shape.of(concat(batch, cols, kk)));
        CudaTensor sv = bridge.allocate(DType.FLOAT64, Shape.of(concat(batch, kk)));
        long rc = (long) rows * cols;
        try (Scratch s = k.scratch(); IntPointer lw = new IntPointer(1)) {
            cusolverDnContext h = handles.cusolver();
            solverCheck("cusolverDnDgesvd_bufferSize", cusolver.cusolverDnDgesvd_bufferSize(h, rows, cols, lw));
            long work = workspace(s, lw);
            long rwork = s.temp(8L * Math.max(1, kk));
            long info = s.temp(4L * nb);
            for (int i = 0; i < nb; i++) {
                solverCheck("cusolverDnDgesvd", cusolver.cusolverDnDgesvd(h, (byte) 'S', (byte) 'S', rows, cols,
                        doubles(x.address() + 8 * i * rc), rows, doubles(sv.address() + 8L * i * kk),
                        doubles(uBuf.address() + 8L * i * kk * rows), rows, doubles(vBuf.address() + 8L * i * cols * kk), kk,
                        doubles(work), lw.get(), doubles(rwork), ints(info + 4L * i)));
            }
            converged("svd", "gesvd", infos(info, nb, "gesvd"));
        }
        Reference.reachabilityFence(x);
        DType t = a.dtype();
        if (wide) {
            // a^T = U' S V'^T, so a = V' S U'^T: row-major vt [k, n] is U' as stored and u [m, k] is VT' as stored
            return new SVD(back(vBuf, t), back(sv, t), back(uBuf, t));
        }
        // a = U S VT: U column-major [m, k] is stored as U^T [k, m], VT column-major [k, n] as VT^T [n, k]
        return new SVD(back(swapLast(uBuf), t), back(sv, t), back(swapLast(vBuf), t));
    }
}
