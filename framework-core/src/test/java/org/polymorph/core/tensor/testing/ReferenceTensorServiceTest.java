package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * The reference passes its own contract (a second instance against the oracle instance), and,
 * so that it is not trusted blindly, matches values computed by hand or taken from tables.
 */
class ReferenceTensorServiceTest extends TensorServiceContract {
    private static final TensorService SERVICE = new ReferenceTensorService();

    @Override protected TensorService service() { return SERVICE; }

    @Nested
    class Golden {
        private final TensorService s = new ReferenceTensorService();

        private Tensor m(int rows, double... v) { return s.fromArray(v, rows, v.length / rows); }

        private double[] d(Tensor t) { return s.toDoubleArray(t); }

        @Test
        void detAndInverseOfHilbert3() {
            Tensor h = m(3, 1, 1 / 2.0, 1 / 3.0, 1 / 2.0, 1 / 3.0, 1 / 4.0, 1 / 3.0, 1 / 4.0, 1 / 5.0);
            assertEquals(1 / 2160.0, s.item(s.det(h)), 1e-16);
            assertArrayEquals(new double[] {9, -36, 30, -36, 192, -180, 30, -180, 180}, d(s.inverse(h)), 1e-9);
            assertEquals(-2.0, s.item(s.det(m(3, 0, 1, 0, 1, 0, 0, 0, 0, 2))), 0, "a row swap flips the sign");
        }

        @Test
        void solveByHand() {
            // 2x + y = 5, x + 3y = 10 -> x = 1, y = 3
            assertArrayEquals(new double[] {1, 3}, d(s.solve(m(2, 2, 1, 1, 3), s.fromArray(new double[] {5, 10}, 2))), 1e-15);
            assertArrayEquals(new double[] {1, 2, 3, 4}, d(s.solve(s.eye(DType.FLOAT64, 2), m(2, 1, 2, 3, 4))), 0);
        }

        @Test
        void choleskyByHand() {
            // [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L L^T with L = [[2,0,0],[6,1,0],[-8,5,3]]
            assertArrayEquals(new double[] {2, 0, 0, 6, 1, 0, -8, 5, 3},
                    d(s.cholesky(m(3, 4, 12, -16, 12, 37, -43, -16, -43, 98))), 1e-14);
        }

        @Test
        void eighOf2x2AndTridiagonal() {
            assertArrayEquals(new double[] {1, 3}, d(s.eigh(m(2, 2, 1, 1, 2)).values()), 1e-15);
            double r = Math.sqrt(0.5);
            double[] v = d(s.eigh(m(2, 2, 1, 1, 2)).vectors());
            assertArrayEquals(new double[] {r, r, r, r}, new double[] {Math.abs(v[0]), Math.abs(v[1]), Math.abs(v[2]), Math.abs(v[3])}, 1e-15);
            // [[2,-1,0],[-1,2,-1],[0,-1,2]]: 2 - sqrt(2), 2, 2 + sqrt(2)
            assertArrayEquals(new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)},
                    d(s.eigh(m(3, 2, -1, 0, -1, 2, -1, 0, -1, 2)).values()), 1e-14);
        }

        @Test
        void qrAndSvdByHand() {
            QR qr = s.qr(m(2, 3, 4));
            assertArrayEquals(new double[] {0.6, 0.8}, d(qr.q()), 1e-15);
            assertArrayEquals(new double[] {5}, d(qr.r()), 1e-15);
            // [[3, 0], [4, 5]]: singular values 3 sqrt(5) and sqrt(5)
            SVD svd = s.svd(m(2, 3, 0, 4, 5));
            assertArrayEquals(new double[] {3 * Math.sqrt(5), Math.sqrt(5)}, d(svd.s()), 1e-14);
            assertArrayEquals(new double[] {5, 3}, d(s.svd(m(2, 0, 3, 5, 0)).s()), 1e-15);
        }

        @Test
        void fftOfDeltaAndCosine() {
            Complex f = s.fft(new Complex(s.fromArray(new double[] {1, 0, 0, 0}, 4), s.zeros(DType.FLOAT64, 4)));
            assertArrayEquals(new double[] {1, 1, 1, 1}, d(f.re()), 0);
            assertArrayEquals(new double[] {0, 0, 0, 0}, d(f.im()), 0);
            // x = [0, 1, 0, -1] = sin(pi t / 2): X[1] = -2i, X[3] = 2i
            Complex g = s.fft(new Complex(s.fromArray(new double[] {0, 1, 0, -1}, 4), s.zeros(DType.FLOAT64, 4)));
            assertArrayEquals(new double[] {0, -2, 0, 2}, d(g.im()), 1e-15);
            Tensor back = s.irfft(new Complex(s.fromArray(new double[] {4, 0, 0}, 3), s.fromArray(new double[] {0, 0, 0}, 3)), 4);
            assertArrayEquals(new double[] {1, 1, 1, 1}, d(back), 1e-15);
        }

        @Test
        void erfAndSigmoidFromTables() {
            double[] x = {0, 0.5, 1, 2, -3, 6.5};
            double[] erf = {0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.9999779095030014, 1};
            assertArrayEquals(erf, d(s.unary(UnaryOp.ERF, s.fromArray(x, 6))), 1e-15);
            assertArrayEquals(new double[] {0.5, 0.7310585786300049, 1.0 / (1 + Math.exp(40))},
                    d(s.unary(UnaryOp.SIGMOID, s.fromArray(new double[] {0, 1, -40}, 3))), 1e-16);
            assertArrayEquals(new double[] {1, 1, 1, Double.NaN, 0.25}, d(s.pow(s.fromArray(new double[] {1, -1, -1, -1, 2}, 5),
                    s.fromArray(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5, -2}, 5))), 0,
                    "C99 pow special cases");
            assertArrayEquals(new double[] {2, -2, 0, 4}, d(s.unary(UnaryOp.ROUND, s.fromArray(new double[] {2.5, -2.5, 0.5, 3.5}, 4))), 0);
        }

        @Test
        void reductionsAndScansByHand() {
            assertEquals(1000 + Math.log(2), s.item(s.reduce(ReduceOp.LOGSUMEXP, s.fromArray(new double[] {1000, 1000}, 2), false)), 1e-12);
            assertEquals(Double.NEGATIVE_INFINITY, s.item(s.reduce(ReduceOp.LOGSUMEXP, s.zeros(DType.FLOAT64, 0), false)));
            assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, d(s.cumsum(m(2, 1, 2, 3, 4, 5, 6), 1)), 0);
            assertArrayEquals(new long[] {1, 0, 1}, s.toLongArray(s.argmax(m(3, 1, 5, 7, 2, 3, 9), 1, false)));
            assertEquals((double) (0.1f + 0.2f), s.item(s.add(s.fromArray(new float[] {0.1f}), s.fromArray(new float[] {0.2f}))), 0,
                    "float32 add rounds to float");
        }

        @Test
        void gathersAndScattersByHand() {
            Tensor x = m(2, 10, 20, 30, 40, 50, 60);
            assertArrayEquals(new double[] {30, 10, 60, 40}, d(s.take(x, s.fromArray(new long[] {2, -3}, 2), 1)), 0);
            assertArrayEquals(new double[] {0, 0, 0, 0, 5, 7, 0, 0, 0, 0},
                    d(s.scatterAdd(s.zeros(DType.FLOAT64, 5, 2), s.fromArray(new long[] {2, 2}, 2), m(2, 1, 3, 4, 4), 0)), 0);
            assertArrayEquals(new double[] {40, 50, 60, 10, 20, 30},
                    d(s.takeAlongAxis(x, s.fromArray(new long[] {1, 1, 1, 0, 0, 0}, 2, 3), 0)), 0);
            assertArrayEquals(new double[] {60, 40, 30, 10},
                    d(s.slice(x, new int[] {1, 2}, new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, new int[] {-1, -2})), 0);
            assertArrayEquals(new double[] {0, 0, 0, 10, 20, 0, 40, 50, 0}, d(s.pad(m(2, 10, 20, 40, 50), new int[][] {{1, 0}, {0, 1}}, 0)), 0);
        }

        @Test
        void einsumMatchesMatmulAndLoopsByHand() {
            Tensor a = m(2, 1, 2, 3, 4, 5, 6);
            Tensor b = m(3, 7, 8, 9, 10, 11, 12);
            assertArrayEquals(new double[] {58, 64, 139, 154}, d(s.einsum("ij,jk->ik", a, b)), 0);
            assertArrayEquals(new double[] {58, 64, 139, 154}, d(s.matmul(a, b)), 0);
            assertArrayEquals(new double[] {21}, d(s.einsum("ij->", a)), 0);
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, d(s.einsum("ij->ji", a)), 0);
            assertArrayEquals(new double[] {1 * 1 + 2 * 2 + 3 * 3, 4 * 1 + 5 * 2 + 6 * 3},
                    d(s.einsum("ij,j->i", a, s.fromArray(new double[] {1, 2, 3}, 3))), 0);
        }

        @Test
        void randomIsTheKeysStream() {
            RandomKey k = RandomKey.of(3);
            assertArrayEquals(new double[] {k.normal(0), k.normal(1), k.normal(2)}, d(s.normal(k, DType.FLOAT64, 3)), 0);
            assertArrayEquals(new double[] {(float) k.uniform(0), (float) k.uniform(1)}, d(s.uniform(k, DType.FLOAT32, 0, 1, 2)), 0);
        }

        @Test
        void integerRulesByHand() {
            assertArrayEquals(new long[] {2, -2, 0}, s.toLongArray(s.binary(BinaryOp.DIV, s.fromArray(new long[] {5, -5, 1}, 3),
                    s.fromArray(new long[] {2, 2, 3}, 3))));
            assertArrayEquals(new int[] {-2147483648}, s.toIntArray(s.unary(UnaryOp.ABS, s.fromArray(new int[] {Integer.MIN_VALUE}, 1))));
            assertArrayEquals(new int[] {1, 2}, s.toIntArray(s.reduce(ReduceOp.PROD, s.fromArray(new int[] {1, 1, 1, 2}, 2, 2), false, 1)));
        }
    
        private Tensor rnd(long seed, int... shape) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            int n = 1;
            for (int x : shape) n *= x;
            double[] v = new double[n];
            for (int k = 0; k < n; k++) v[k] = r.nextDouble(-1, 1);
            return s.fromArray(v, shape);
        }

        private void same(String label, Tensor a, Tensor b, double tol) {
            assertEquals(b.shape(), a.shape(), label);
            assertArrayEquals(d(b), d(a), tol, label);
        }

        @Test
        void nonFiniteInputToJacobiMethodsThrowsArithmeticException() {
            Tensor bad = m(2, 1, Double.NaN, Double.NaN, 1);
            org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, () -> s.eigh(bad));
            org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, () -> s.svd(bad));
        }

        /** Independent routes to one result must agree inside the reference. */
        @Test
        void opsAgreeWithEachOther() {
            Tensor a = rnd(1, 2, 1, 3, 4);
            Tensor b = rnd(2, 5, 4, 2);
            same("einsum ellipsis == broadcast matmul", s.einsum("...ij,...jk->...ik", a, b), s.matmul(a, b), 1e-15);
            Tensor x = rnd(3, 4, 6);
            same("takeAlongAxis(argsort) == sort", s.takeAlongAxis(x, s.argsort(x, 1), 1), s.sort(x, 1), 0);
            same("last cumsum == sum", s.slice(s.cumsum(x, 1), new int[] {0, 5}, new int[] {4, 6}, new int[] {1, 1}),
                    s.reshape(s.sum(x, 1), 4, 1), 1e-15);
            Tensor m = s.add(rnd(4, 5, 5), s.mul(s.eye(DType.FLOAT64, 5), s.scalar(DType.FLOAT64, 5)));
            Tensor rhs = rnd(5, 5, 3);
            same("solve == inverse @ b", s.solve(m, rhs), s.matmul(s.inverse(m), rhs), 1e-14);
            Tensor spd = s.add(s.matmul(m, s.transpose(m)), s.eye(DType.FLOAT64, 5));
            Tensor l = s.cholesky(spd);
            same("L L^T == A", s.matmul(l, s.transpose(l)), spd, 1e-12);
            double prod = 1;
            for (double w : d(s.eigh(spd).values())) prod *= w;
            assertEquals(s.item(s.det(spd)), prod, 1e-10 * Math.abs(prod), "det == product of eigenvalues");
            double[] sv = d(s.svd(m).s());
            double[] ev = d(s.eigh(s.matmul(s.transpose(m), m)).values());
            for (int k = 0; k < 5; k++) assertEquals(ev[4 - k], sv[k] * sv[k], 1e-12 * ev[4], "s^2 == eig(A^T A)");
            Tensor sig = rnd(6, 3, 8);
            Complex half = s.rfft(sig);
            Complex full = s.fft(new Complex(sig, s.zeros(DType.FLOAT64, 3, 8)));
            int[] lo = {0, 0};
            same("rfft == first half of fft", half.re(), s.slice(full.re(), lo, new int[] {3, 5}, new int[] {1, 1}), 1e-14);
            same("rfft == first half of fft (im)", half.im(), s.slice(full.im(), lo, new int[] {3, 5}, new int[] {1, 1}), 1e-14);
            Tensor idx = s.fromArray(new long[] {2, 0, 3}, 3);
            same("take == one-hot matmul", s.take(x, idx, 0), s.matmul(s.fromArray(new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, 3, 4), x), 0);
            same("scatterAdd == transpose of one-hot matmul", s.scatterAdd(s.zeros(DType.FLOAT64, 4, 6), idx, rnd(7, 3, 6), 0),
                    s.matmul(s.transpose(s.fromArray(new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, 3, 4)), rnd(7, 3, 6)), 1e-15);
            same("segmentSum == scatterAdd", s.segmentSum(rnd(8, 3, 6), idx, 4), s.scatterAdd(s.zeros(DType.FLOAT64, 4, 6), idx, rnd(8, 3, 6), 0), 0);
        }
}
}
