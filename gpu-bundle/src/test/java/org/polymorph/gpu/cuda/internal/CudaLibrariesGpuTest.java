package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cuda.internal.CudaLibraries.Family;

/**
 * cuBLAS, cuSOLVER and cuFFT under the CUDA TensorService on a real GPU (skips without one, or
 * where the libraries do not load: device/check.sh puts the pip wheels' CUDA 13 libraries on the
 * library path). Results are compared in float64 with the pure-Java reference service, and the
 * host-run counts show that no op went down the host path.
 */
class CudaLibrariesGpuTest {
    private static final TensorService REF = new ReferenceTensorService();
    private static final String WHY_NOT;
    private static final JCudaDevice DEVICE;
    private static final CudaTensorService SERVICE;

    static {
        String why = null;
        JCudaDevice device = null;
        CudaTensorService service = null;
        Map<String, Object> probe = CudaProbe.probe();
        if (!Boolean.TRUE.equals(probe.get("available"))) {
            why = "no CUDA device: " + probe.get("detail");
        } else if (!CudaLibraries.status().values().stream().allMatch(CudaLibraries.Status::loaded)) {
            why = "the CUDA libraries do not load: " + CudaLibraries.describe();
        } else {
            device = new JCudaDevice();
            service = new CudaTensorService(device, REF);
        }
        WHY_NOT = why;
        DEVICE = device;
        SERVICE = service;
    }

    @BeforeEach
    void needsLibraries() { assumeTrue(SERVICE != null, WHY_NOT); }

    @AfterAll
    static void close() {
        if (SERVICE != null) System.out.println("CudaLibrariesGpuTest: " + SERVICE.describe().get("library_paths"));
        if (DEVICE != null) DEVICE.close();
    }

    private static double[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return v;
    }

    /** batch n x n matrices, each random plus n on the diagonal (well conditioned). */
    private static double[] wellConditioned(long seed, int batch, int n) {
        double[] v = random(seed, batch * n * n);
        for (int b = 0; b < batch; b++) for (int i = 0; i < n; i++) v[(b * n + i) * n + i] += n;
        return v;
    }

    /** The same op on the GPU service and on the reference, element by element within atol + rtol |want|. */
    private static void agree(String label, double rtol, double atol, Function<TensorService, Tensor> op) {
        Tensor got = op.apply(SERVICE);
        Tensor want = op.apply(REF);
        assertEquals(want.shape(), got.shape(), label + ": shape");
        assertEquals(want.dtype(), got.dtype(), label + ": dtype");
        double[] g = SERVICE.toDoubleArray(got);
        double[] w = REF.toDoubleArray(want);
        for (int i = 0; i < w.length; i++) {
            assertTrue(Math.abs(g[i] - w[i]) <= atol + rtol * Math.abs(w[i]), label + ": element " + i + " is " + g[i] + ", want " + w[i]);
        }
    }

    private static void agree(String label, Function<TensorService, Tensor> op) { agree(label, 1e-11, 1e-12, op); }

    private static Tensor f64(TensorService s, double[] v, int... shape) { return s.fromArray(v, shape); }

    @Test
    void everyFamilyRunsThroughItsLibrary() {
        Map<?, ?> paths = (Map<?, ?>) SERVICE.describe().get("library_paths");
        assertTrue(((Map<?, ?>) paths.get("matmul")).get("path").toString().startsWith("cublas ("), paths.toString());
        assertTrue(((Map<?, ?>) paths.get("linalg")).get("path").toString().startsWith("cusolver ("), paths.toString());
        assertTrue(((Map<?, ?>) paths.get("fft")).get("path").toString().startsWith("cufft ("), paths.toString());
        assertEquals(false, ((Map<?, ?>) paths.get("matmul")).get("tf32"), "TF32 off unless asked");
        assertFalse(SERVICE.describe().get("host_ops").toString().contains("svd"));
    }

    @Test
    void gemm() {
        agree("2-D", s -> s.matmul(f64(s, random(1, 35), 5, 7), f64(s, random(2, 21), 7, 3)));
        agree("batched, broadcast batch axes", s -> s.matmul(f64(s, random(3, 3 * 4 * 5), 3, 1, 4, 5), f64(s, random(4, 2 * 5 * 6), 2, 5, 6)));
        agree("one matrix over a batch", s -> s.matmul(f64(s, random(5, 12), 3, 4), f64(s, random(6, 5 * 4 * 2), 5, 4, 2)));
        agree("vector @ batch", s -> s.matmul(f64(s, random(7, 4), 4), f64(s, random(8, 3 * 4 * 6), 3, 4, 6)));
        agree("dot", s -> s.dot(f64(s, random(9, 1000), 1000), f64(s, random(10, 1000), 1000)));
        agree("large", 1e-11, 1e-11, s -> s.matmul(f64(s, random(11, 300 * 200), 300, 200), f64(s, random(12, 200 * 250), 200, 250)));
        // float32 accumulates in float32 on cuBLAS (no TF32): within 1e-6 per term of the float64 product
        agree("float32", 1e-5, 1e-6 * 128, s -> s.matmul(s.cast(f64(s, random(13, 64 * 128), 64, 128), DType.FLOAT32),
                s.cast(f64(s, random(14, 128 * 32), 128, 32), DType.FLOAT32)));
    }

    @Test
    void solveInverseDet() {
        agree("solve vector", s -> s.solve(f64(s, wellConditioned(20, 1, 6), 6, 6), f64(s, random(21, 6), 6)));
        agree("solve batched matrix rhs", s -> s.solve(f64(s, wellConditioned(22, 3, 5), 3, 5, 5), f64(s, random(23, 30), 3, 5, 2)));
        agree("solve float32", 1e-5, 1e-6, s -> s.solve(s.cast(f64(s, wellConditioned(24, 1, 4), 4, 4), DType.FLOAT32),
                s.cast(f64(s, random(25, 4), 4), DType.FLOAT32)));
        agree("inverse batched", s -> s.inverse(f64(s, wellConditioned(26, 2, 7), 2, 7, 7)));
        agree("inverse needs pivoting", s -> s.inverse(f64(s, new double[] {0, 1, 2, 1, 0, 3, 4, -3, 8}, 3, 3)));
        agree("det batched", s -> s.det(f64(s, random(27, 4 * 16), 4, 4, 4)));
        assertEquals(-2.0, SERVICE.toDoubleArray(SERVICE.det(f64(SERVICE, new double[] {1, 2, 3, 4}, 2, 2)))[0], 1e-14);
        assertEquals(0.0, SERVICE.toDoubleArray(SERVICE.det(f64(SERVICE, new double[] {1, 2, 2, 4}, 2, 2)))[0], 0);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> SERVICE.solve(f64(SERVICE, new double[] {1, 2, 2, 4}, 2, 2), f64(SERVICE, new double[] {1, 1}, 2)));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        assertThrows(ArithmeticException.class, () -> SERVICE.inverse(SERVICE.zeros(DType.FLOAT64, 3, 3)));
    }

    @Test
    void choleskyAndEigh() {
        double[] a = random(30, 5 * 5 * 2);
        double[] spd = new double[a.length];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double v = i == j ? 5 : 0;
                    for (int l = 0; l < 5; l++) v += a[b * 25 + i * 5 + l] * a[b * 25 + j * 5 + l];
                    spd[b * 25 + i * 5 + j] = v;
                }
            }
        }
        agree("cholesky batched", s -> s.cholesky(f64(s, spd, 2, 5, 5)));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> SERVICE.cholesky(f64(SERVICE, new double[] {1, 2, 2, 1}, 2, 2)));
        assertTrue(e.getMessage().contains("positive definite"), e.getMessage());
        agree("eigh values", s -> s.eigh(f64(s, spd, 2, 5, 5)).values());
        // vectors up to sign: A V = V diag(w), V^T V = I
        Eigh eig = SERVICE.eigh(f64(SERVICE, spd, 2, 5, 5));
        double[] v = SERVICE.toDoubleArray(eig.vectors());
        double[] w = SERVICE.toDoubleArray(eig.values());
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    double av = 0;
                    double vtv = 0;
                    for (int l = 0; l < 5; l++) {
                        av += spd[b * 25 + i * 5 + l] * v[b * 25 + l * 5 + j];
                        vtv += v[b * 25 + l * 5 + i] * v[b * 25 + l * 5 + j];
                    }
                    assertEquals(v[b * 25 + i * 5 + j] * w[b * 5 + j], av, 1e-12 * 20, "A V = V w at " + b + "," + i + "," + j);
                    assertEquals(i == j ? 1 : 0, vtv, 1e-13, "V^T V at " + b + "," + i + "," + j);
                }
            }
        }
    }

    /** q r and u diag(s) vt rebuild a; q, u, vt orthonormal; r upper triangular; s agrees with the reference. */
    @Test
    void qrAndSvdTallAndWide() {
        for (int[] mn : new int[][] {{6, 4}, {4, 6}, {5, 5}}) {
            int m = mn[0];
            int n = mn[1];
            int k = Math.min(m, n);
            double[] a = random(40 + m * 10 + n, 3 * m * n);
            Tensor at = f64(SERVICE, a, 3, m, n);
            QR qr = SERVICE.qr(at);
            assertEquals(java.util.List.of(3, m, k), java.util.Arrays.stream(qr.q().shape().toArray()).boxed().toList());
            double[] rebuilt = SERVICE.toDoubleArray(SERVICE.matmul(qr.q(), qr.r()));
            double[] r = SERVICE.toDoubleArray(qr.r());
            for (int i = 0; i < a.length; i++) assertEquals(a[i], rebuilt[i], 1e-13, "Q R = A, " + m + "x" + n);
            for (int b = 0; b < 3; b++) for (int i = 0; i < k; i++) for (int j = 0; j < Math.min(i, n); j++) {
                assertEquals(0, r[(b * k + i) * n + j], 0, "R below the diagonal");
            }
            orthonormalColumns("Q " + m + "x" + n, SERVICE.toDoubleArray(qr.q()), 3, m, k);
            SVD d = SERVICE.svd(at);
            agree("singular values " + m + "x" + n, s -> s.svd(f64(s, a, 3, m, n)).s());
            double[] us = SERVICE.toDoubleArray(SERVICE.matmul(SERVICE.mul(d.u(), SERVICE.reshape(d.s(), 3, 1, k)), d.vt()));
            for (int i = 0; i < a.length; i++) assertEquals(a[i], us[i], 1e-13, "U S Vt = A, " + m + "x" + n);
            orthonormalColumns("U " + m + "x" + n, SERVICE.toDoubleArray(d.u()), 3, m, k);
            orthonormalColumns("V " + m + "x" + n, SERVICE.toDoubleArray(SERVICE.transpose(d.vt(), 0, 2, 1)), 3, n, k);
        }
    }

    private static void orthonormalColumns(String label, double[] x, int batch, int rows, int cols) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < cols; i++) {
                for (int j = 0; j < cols; j++) {
                    double dot = 0;
                    for (int l = 0; l < rows; l++) dot += x[(b * rows + l) * cols + i] * x[(b * rows + l) * cols + j];
                    assertEquals(i == j ? 1 : 0, dot, 1e-13, label + " columns " + i + ", " + j);
                }
            }
        }
    }

    @Test
    void transforms() {
        for (int n : new int[] {8, 7, 2}) {
            agree("rfft re n=" + n, s -> s.rfft(f64(s, random(50 + n, 3 * n), 3, n)).re());
            agree("rfft im n=" + n, s -> s.rfft(f64(s, random(50 + n, 3 * n), 3, n)).im());
            agree("fft re n=" + n, s -> s.fft(new Complex(f64(s, random(60 + n, 2 * n), 2, n), f64(s, random(70 + n, 2 * n), 2, n))).re());
            agree("ifft im n=" + n, s -> s.ifft(new Complex(f64(s, random(60 + n, 2 * n), 2, n), f64(s, random(70 + n, 2 * n), 2, n))).im());
            int bins = n / 2 + 1;
            agree("irfft n=" + n, s -> s.irfft(new Complex(f64(s, random(80 + n, 2 * bins), 2, bins), f64(s, random(90 + n, 2 * bins), 2, bins)), n));
        }
        agree("irfft with fewer bins (zero-padded)", s -> s.irfft(new Complex(f64(s, random(100, 3), 3), f64(s, random(101, 3), 3)), 10));
        agree("irfft with more bins (truncated)", s -> s.irfft(new Complex(f64(s, random(102, 9), 9), f64(s, random(103, 9), 9)), 6));
        agree("rfft float32", 1e-6, 1e-6, s -> s.rfft(s.cast(f64(s, random(104, 16), 16), DType.FLOAT32)).re());
        Map<?, ?> runs = (Map<?, ?>) SERVICE.describe().get("host_runs");
        for (String op : new String[] {"rfft", "irfft", "fft", "ifft"}) assertFalse(runs.containsKey(op), op + " ran on the host: " + runs);
        // a 1-point transform is the identity, left to the host
        agree("rfft n=1", s -> s.rfft(f64(s, new double[] {2.5, -1}, 2, 1)).re());
        assertEquals(1L, ((Map<?, ?>) SERVICE.describe().get("host_runs")).get("rfft"));
    }

    @Test
    void noLibraryOpWentToTheHost() {
        solveInverseDet();
        choleskyAndEigh();
        qrAndSvdTallAndWide();
        gemm();
        Map<?, ?> runs = (Map<?, ?>) SERVICE.describe().get("host_runs");
        for (String op : new String[] {"matmul", "dot", "solve", "inverse", "det", "cholesky", "eigh", "qr", "svd"}) {
            assertFalse(runs.containsKey(op), op + " ran on the host: " + runs);
        }
        assertTrue(CudaLibraries.loaded(Family.CUBLAS));
    }
}
