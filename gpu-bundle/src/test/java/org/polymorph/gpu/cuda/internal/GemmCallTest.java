package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major mapping of {@link GemmCall}, checked without cuBLAS: a small Java
 * model of {@code cublasDgemmStridedBatched}'s column-major semantics (BLAS's definition: element
 * (i, j) of a column-major matrix X with leading dimension ld is X[i + j*ld]; op 'T' reads X^T) runs
 * the mapped call on row-major data, and its result is compared, in float64, with a direct
 * row-major product.
 */
class GemmCallTest {

    /**
     * cuBLAS's gemmStridedBatched: for each p < batch, C_p = op(X_p) op(Y_p) (alpha 1, beta 0),
     * C_p [rows, cols] column-major, op(X) [rows, depth], op(Y) [depth, cols]; X_p at x[p * strideFirst].
     */
    private static void columnMajorGemm(GemmCall g, double[] x, double[] y, double[] c) {
        for (int p = 0; p < g.batch(); p++) {
            long ox = p * g.strideFirst();
            long oy = p * g.strideSecond();
            long oc = p * g.strideOut();
            for (int i = 0; i < g.rows(); i++) {
                for (int j = 0; j < g.cols(); j++) {
                    double sum = 0;
                    for (int l = 0; l < g.depth(); l++) {
                        double xv = g.transFirst() ? x[(int) (ox + l + (long) i * g.ldFirst())] : x[(int) (ox + i + (long) l * g.ldFirst())];
                        double yv = g.transSecond() ? y[(int) (oy + j + (long) l * g.ldSecond())] : y[(int) (oy + l + (long) j * g.ldSecond())];
                        sum += xv * yv;
                    }
                    c[(int) (oc + i + (long) j * g.ldOut())] = sum;
                }
            }
        }
    }

    /** Row-major C_p = op(A_p) op(B_p), A_p stored [m, k] (or [k, m] when transA) at a[p * sa], likewise B. */
    private static double[] rowMajorReference(boolean transA, boolean transB, int m, int n, int k, double[] a, long sa,
                                              double[] b, long sb, int batch) {
        double[] c = new double[batch * m * n];
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int l = 0; l < k; l++) {
                        double av = transA ? a[(int) (p * sa) + l * m + i] : a[(int) (p * sa) + i * k + l];
                        double bv = transB ? b[(int) (p * sb) + j * k + l] : b[(int) (p * sb) + l * n + j];
                        sum += av * bv;
                    }
                    c[p * m * n + i * n + j] = sum;
                }
            }
        }
        return c;
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return v;
    }

    @Test
    void mappedCallReproducesTheRowMajorProduct() {
        SplittableRandom r = new SplittableRandom(20261207);
        int cases = 0;
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + r.nextInt(7);
            int n = 1 + r.nextInt(7);
            int k = 1 + r.nextInt(7);
            int batch = 1 + r.nextInt(4);
            boolean transA = r.nextBoolean();
            boolean transB = r.nextBoolean();
            // a batch stride of 0 broadcasts one matrix over the batch, as matmul does for a 2-D operand
            boolean broadcastA = r.nextInt(4) == 0;
            boolean broadcastB = !broadcastA && r.nextInt(4) == 0;
            long sa = broadcastA ? 0 : (long) m * k;
            long sb = broadcastB ? 0 : (long) k * n;
            double[] a = random(r, (broadcastA ? 1 : batch) * m * k);
            double[] b = random(r, (broadcastB ? 1 : batch) * k * n);
            GemmCall g = GemmCall.rowMajor(transA, transB, m, n, k, sa, sb, (long) m * n, batch);
            double[] c = new double[batch * m * n];
            columnMajorGemm(g, b, a, c);   // cuBLAS's first operand is B, its second A
            double[] want = rowMajorReference(transA, transB, m, n, k, a, sa, b, sb, batch);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], c[i], 1e-15 * k, "trial " + trial + " " + g + ": element " + i);
            }
            cases++;
        }
        assertEquals(200, cases);
    }

    @Test
    void argumentsOfAPlainProduct() {
        // C [2, 3] = A [2, 4] B [4, 3]: cuBLAS computes C^T [3, 2] = B^T [3, 4] A^T [4, 2]
        GemmCall g = GemmCall.rowMajor(false, false, 2, 3, 4, 8, 0, 6, 5);
        assertEquals(new GemmCall(false, false, 3, 2, 4, 3, 4, 3, 0, 8, 6, 5), g);
        // B stored transposed as [3, 4]: cuBLAS's 'T' on the column-major [4, 3] it sees, leading dimension 4
        GemmCall t = GemmCall.rowMajor(true, true, 2, 3, 4, 8, 12, 6, 1);
        assertTrue(t.transFirst() && t.transSecond());
        assertEquals(4, t.ldFirst());
        assertEquals(2, t.ldSecond());
        assertEquals(3, t.ldOut());
    }

    @Test
    void emptyProductsAndNegativeStridesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmCall.rowMajor(false, false, 0, 3, 4, 0, 0, 0, 1));
        assertTrue(e.getMessage().contains("m=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmCall.rowMajor(false, false, 2, 3, 4, -1, 0, 6, 1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
