package org.polymorph.gpu.cpu.internal.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelqf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dorglq_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd_work;
import static org.polymorph.gpu.cpu.internal.linalg.Lapack.COL_MAJOR;
import static org.polymorph.gpu.cpu.internal.linalg.Lapack.checkInfo;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * eigh, QR and SVD for {@link Lapack}; same layout and error rules. LAPACK sees each row-major
 * [m, n] matrix as the column-major [n, m] matrix a^T:
 * <ul>
 *   <li>eigh: a^T has a's lower triangle as its upper one, so dsyevd('U'); vectors come back
 *       column-major and are transposed once in Java.</li>
 *   <li>qr: the LQ factorisation a^T = L Q2 gives a = Q2^T L^T, so R = L^T and Q = Q2^T, and both
 *       read out row-major with no transpose.</li>
 *   <li>svd: a^T = U' S Vt' gives a = Vt'^T S U'^T, so row-major vt is U' and u is Vt' as stored.</li>
 * </ul>
 */
final class Decompose {
    private Decompose() { }

    static Lapack.Eigh eigh(double[] a, int batch, int n) {
        MatrixOps.checkBatch("eigh", "a", a, batch, n, n);
        int nn = n * n;
        if (a.length == 0) return new Lapack.Eigh(new double[0], new double[0]);
        boolean[] ok = MatrixOps.finite(a, batch, nn);
        int lwork = 1 + 6 * n + 2 * nn;   // dsyevd minimum for JOBZ='V'
        int liwork = 3 + 5 * n;
        long wOff = (long) batch * nn;
        double[] vt;
        double[] w;
        try (NativeBlock blk = new NativeBlock(wOff + (long) batch * n + lwork, liwork)) {
            blk.put(0, a);
            DoublePointer work = blk.doubles(wOff + (long) batch * n);
            IntPointer iwork = blk.ints(0);
            for (int i = 0; i < batch; i++) {
                if (!ok[i]) continue;
                int info = LAPACKE_dsyevd_work(COL_MAJOR, (byte) 'V', (byte) 'U', n, blk.doubles((long) i * nn), n,
                        blk.doubles(wOff + (long) i * n), work, lwork, iwork, liwork);
                if (info > 0) throw noConvergence("eigh", "dsyevd", i, info);
                checkInfo("dsyevd", info);
            }
            vt = blk.get(0, a.length);
            w = blk.get(wOff, batch * n);
        }
        double[] v = MatrixOps.transpose(vt, batch, n, n);
        for (int i = 0; i < batch; i++) {
            if (!ok[i]) {
                MatrixOps.fillNaN(v, i, nn);
                MatrixOps.fillNaN(w, i, n);
            }
        }
        return new Lapack.Eigh(w, v);
    }

    static Lapack.Qr qr(double[] a, int batch, int m, int n) {
        MatrixOps.checkBatch("qr", "a", a, batch, m, n);
        int k = Math.min(m, n);
        int mn = m * n;
        if (batch == 0 || k == 0) return new Lapack.Qr(new double[batch * m * k], new double[batch * k * n]);
        boolean[] ok = MatrixOps.finite(a, batch, mn);
        int lwork = 64 * n;   // >= optimal n*nb for dgelqf and k*nb for dorglq
        long tauOff = (long) batch * mn;
        double[] r = new double[batch * k * n];
        double[] q = new double[batch * m * k];
        try (NativeBlock blk = new NativeBlock(tauOff + (long) batch * k + lwork, 0)) {
            blk.put(0, a);
            DoublePointer work = blk.doubles(tauOff + (long) batch * k);
            for (int i = 0; i < batch; i++) {
                if (ok[i]) checkInfo("dgelqf", LAPACKE_dgelqf_work(COL_MAJOR, n, m,
                        blk.doubles((long) i * mn), n, blk.doubles(tauOff + (long) i * k), work, lwork));
            }
            double[] lq = blk.get(0, a.length);
            for (int i = 0; i < batch; i++) {   // R = L^T: the first k columns of a^T, read row-major
                System.arraycopy(lq, i * mn, r, i * k * n, k * n);
                if (ok[i]) checkInfo("dorglq", LAPACKE_dorglq_work(COL_MAJOR, k, m, k,
                        blk.doubles((long) i * mn), n, blk.doubles(tauOff + (long) i * k), work, lwork));
            }
            gatherQ(blk.get(0, a.length), q, batch, m, n, k);
        }
        MatrixOps.zeroTriangle(r, batch, k, n, false);
        for (int i = 0; i < batch; i++) {
            if (!ok[i]) {
                MatrixOps.fillNaN(q, i, m * k);
                MatrixOps.fillNaN(r, i, k * n);
            }
        }
        return new Lapack.Qr(q, r);
    }

    /** Q [m, k] row-major from Q2 = Q^T stored column-major [k, m] with leading dimension n. */
    private static void gatherQ(double[] q2, double[] q, int batch, int m, int n, int k) {
        for (int i = 0; i < batch; i++) {
            for (int c = 0; c < m; c++) {
                System.arraycopy(q2, i * m * n + c * n, q, i * m * k + c * k, k);
            }
        }
    }

    static Lapack.Svd svd(double[] a, int batch, int m, int n) {
        MatrixOps.checkBatch("svd", "a", a, batch, m, n);
        int k = Math.min(m, n);
        int mn = m * n;
        if (batch == 0 || k == 0) {
            return new Lapack.Svd(new double[batch * m * k], new double[batch * k], new double[batch * k * n]);
        }
        boolean[] ok = MatrixOps.finite(a, batch, mn);
        int lwork = svdWorkspace(m, n, k);
        long sOff = (long) batch * mn;
        long vtOff = sOff + (long) batch * k;      // U' [n, k] per matrix = row-major vt [k, n]
        long uOff = vtOff + (long) batch * n * k;  // Vt' [k, m] per matrix = row-major u [m, k]
        long workOff = uOff + (long) batch * k * m;
        double[] u;
        double[] s;
        double[] vt;
        try (NativeBlock blk = new NativeBlock(workOff + lwork, 8L * k)) {
            blk.put(0, a);
            DoublePointer work = blk.doubles(workOff);
            IntPointer iwork = blk.ints(0);
            for (int i = 0; i < batch; i++) {
                if (!ok[i]) continue;
                int info = LAPACKE_dgesdd_work(COL_MAJOR, (byte) 'S', n, m, blk.doubles((long) i * mn), n,
                        blk.doubles(sOff + (long) i * k), blk.doubles(vtOff + (long) i * n * k), n,
                        blk.doubles(uOff + (long) i * k * m), k, work, lwork, iwork);
                if (info > 0) throw noConvergence("svd", "dgesdd", i, info);
                checkInfo("dgesdd", info);
            }
            s = blk.get(sOff, batch * k);
            vt = blk.get(vtOff, batch * n * k);
            u = blk.get(uOff, batch * k * m);
        }
        for (int i = 0; i < batch; i++) {
            if (!ok[i]) {
                MatrixOps.fillNaN(u, i, m * k);
                MatrixOps.fillNaN(s, i, k);
                MatrixOps.fillNaN(vt, i, k * n);
            }
        }
        return new Lapack.Svd(u, s, vt);
    }

    /** Optimal dgesdd('S') workspace for the [n, m] column-major problem, by LAPACK's own query. */
    private static int svdWorkspace(int m, int n, int k) {
        double[] work = new double[1];
        double[] one = new double[1];
        int info = LAPACKE_dgesdd_work(COL_MAJOR, (byte) 'S', n, m, one, n, one, one, n, one, k,
                work, -1, new int[1]);
        checkInfo("dgesdd (workspace query)", info);
        return Math.max(1, (int) Math.ceil(work[0]));
    }

    private static ArithmeticException noConvergence(String op, String routine, int index, int info) {
        return new ArithmeticException(op + ": LAPACK " + routine + " did not converge for the matrix at batch index "
                + index + " (info " + info + ")");
    }
}
