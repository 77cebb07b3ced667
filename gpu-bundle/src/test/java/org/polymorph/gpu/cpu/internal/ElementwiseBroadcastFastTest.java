package org.polymorph.gpu.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;

/**
 * The broadcast fast path of {@link Elementwise} (contiguous operand against a size-1 or trailing
 * block operand, either order) gives bit-identical results to the general broadcasting path, and
 * non-contiguous or non-float operands fall back to it.
 */
class ElementwiseBroadcastFastTest {
    private static final BinaryOp[] FLOAT_OPS = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
        BinaryOp.POW, BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.ATAN2, BinaryOp.MOD,
        BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.5, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** A value that is often special (signed zeros, NaN, infinities, ties with the scalar) and else Gaussian. */
    private static double value(SplittableRandom r, double tie) {
        int k = r.nextInt(4);
        if (k == 0) return SPECIAL[r.nextInt(SPECIAL.length)];
        if (k == 1) return tie;
        return r.nextDouble(-3, 3);
    }

    private static NdTensor tensor(DType dt, int[] dims, SplittableRandom r, double tie) {
        int n = Layout.size(dims);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = value(r, tie);
        return Dense.fromDoubles(dt, dims, v);
    }

    private static int[] randomDims(SplittableRandom r) {
        int[] d = new int[1 + r.nextInt(3)];
        for (int i = 0; i < d.length; i++) d[i] = 1 + r.nextInt(5);
        return d;
    }

    /** The result of {@code binary} equals that of the general path element by element, bit for bit. */
    private static void assertSameAsGeneral(BinaryOp op, NdTensor a, NdTensor b) {
        assertSameBits(Elementwise.general(op, a, b), Elementwise.binary(op, a, b), op + " " + a + " " + b);
    }

    /** Same dtype, shape and elements bit for bit (NaNs compared as NaN). */
    private static void assertSameBits(NdTensor ref, NdTensor fast, String what) {
        assertEquals(ref.dtype, fast.dtype, what);
        assertArrayEquals(ref.dims, fast.dims, what);
        if (ref.dtype == DType.BOOL) {
            assertArrayEquals(Dense.bools(ref, ref.dims), Dense.bools(fast, fast.dims), what);
            return;
        }
        double[] x = Dense.doubles(ref), y = Dense.doubles(fast);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToLongBits(x[i]), Double.doubleToLongBits(y[i]), what + " element " + i);
        }
    }

    @Test
    void scalarOperandEitherOrderMatchesGeneralPathBitForBit() {
        SplittableRandom r = new SplittableRandom(17);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (int trial = 0; trial < 40; trial++) {
                double sv = value(r, 0.5);
                NdTensor full = tensor(dt, randomDims(r), r, sv);
                int[] sd = new int[r.nextInt(full.dims.length + 1)];
                Arrays.fill(sd, 1);
                NdTensor s = Dense.fromDoubles(dt, sd, new double[] {sv});
                for (BinaryOp op : FLOAT_OPS) {
                    assertNotNull(Elementwise.broadcastFast(op, full, s), op + " " + full + " " + s);
                    assertNotNull(Elementwise.broadcastFast(op, s, full), op + " " + s + " " + full);
                    assertSameAsGeneral(op, full, s);
                    assertSameAsGeneral(op, s, full);
                }
            }
        }
    }

    @Test
    void trailingBlockOperandEitherOrderMatchesGeneralPathBitForBit() {
        SplittableRandom r = new SplittableRandom(18);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (int trial = 0; trial < 40; trial++) {
                int[] dims = randomDims(r);
                int keep = 1 + r.nextInt(dims.length);
                int[] sd = Arrays.copyOfRange(dims, dims.length - keep, dims.length);
                if (r.nextBoolean()) sd = Layout.concat(new int[] {1}, sd);
                NdTensor full = tensor(dt, Layout.concat(new int[] {2}, dims), r, 0.5);
                NdTensor block = tensor(dt, sd, r, 0.5);
                for (BinaryOp op : FLOAT_OPS) {
                    if (!op.isComparison()) assertNotNull(Elementwise.broadcastFast(op, full, block), op + " " + full + " " + block);
                    assertSameAsGeneral(op, full, block);
                    assertSameAsGeneral(op, block, full);
                }
            }
        }
    }

    @Test
    void nonContiguousOrIntegerOperandsFallBackToGeneralPath() {
        SplittableRandom r = new SplittableRandom(19);
        NdTensor m = tensor(DType.FLOAT64, new int[] {3, 4}, r, 0.5);
        NdTensor t = m.view(new int[] {4, 3}, new int[] {1, 4}, 0);
        NdTensor s = Dense.fromDoubles(DType.FLOAT64, new int[0], new double[] {0.5});
        NdTensor row = tensor(DType.FLOAT64, new int[] {3}, r, 0.5);
        NdTensor stridedRow = m.view(new int[] {3}, new int[] {4}, 1);
        assertFalse(t.contiguous);
        for (BinaryOp op : FLOAT_OPS) {
            assertNull(Elementwise.broadcastFast(op, t, s), op + " transposed");
            assertNull(Elementwise.broadcastFast(op, s, t), op + " transposed");
            assertNull(Elementwise.broadcastFast(op, t, row), op + " transposed with row");
            assertNull(Elementwise.broadcastFast(op, t.view(new int[] {4, 3}, new int[] {0, 1}, 0), stridedRow), op + " strided row");
            assertSameAsGeneral(op, t, s);
            assertSameAsGeneral(op, s, t);
            assertSameAsGeneral(op, t, row);
            assertSameAsGeneral(op, stridedRow, t);
        }
        for (DType dt : new DType[] {DType.INT32, DType.INT64}) {
            NdTensor x = Dense.fromDoubles(dt, new int[] {2, 3}, new double[] {-3, -1, 1, 2, 5, 7});
            NdTensor k = Dense.fromDoubles(dt, new int[] {1}, new double[] {2});
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.MOD, BinaryOp.MAXIMUM, BinaryOp.LT}) {
                assertNull(Elementwise.broadcastFast(op, x, k), op + " " + dt);
                assertSameAsGeneral(op, x, k);
                assertSameAsGeneral(op, k, x);
            }
        }
    }

    @Test
    void invalidOperandsStillFailAsOnTheGeneralPath() {
        NdTensor x = Dense.fromDoubles(DType.FLOAT64, new int[] {2, 2}, new double[] {1, 2, 3, 4});
        NdTensor s = Dense.fromDoubles(DType.FLOAT64, new int[] {1}, new double[] {1});
        NdTensor f = Dense.fromDoubles(DType.FLOAT32, new int[] {1}, new double[] {1});
        assertNull(Elementwise.broadcastFast(BinaryOp.AND, x, s));
        assertThrows(IllegalArgumentException.class, () -> Elementwise.binary(BinaryOp.AND, x, s));
        assertThrows(IllegalArgumentException.class, () -> Elementwise.binary(BinaryOp.ADD, x, f));
        NdTensor col = Dense.fromDoubles(DType.FLOAT64, new int[] {3, 1}, new double[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> Elementwise.binary(BinaryOp.ADD, x, col));
    }

    @Test
    void whereWithScalarOrFullBranchesMatchesGeneralPathBitForBit() {
        SplittableRandom r = new SplittableRandom(20);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (int trial = 0; trial < 40; trial++) {
                int[] dims = randomDims(r);
                NdTensor cond = Elementwise.binary(BinaryOp.GT, tensor(DType.FLOAT64, dims, r, 0.0),
                        Dense.fromDoubles(DType.FLOAT64, new int[0], new double[] {0.0}));
                NdTensor a = r.nextBoolean() ? tensor(dt, dims, r, 0.5) : tensor(dt, new int[] {1}, r, 0.5);
                NdTensor b = r.nextBoolean() ? tensor(dt, dims, r, 0.5) : tensor(dt, new int[0], r, 0.5);
                String what = cond + " " + a + " " + b;
                NdTensor fast = Elementwise.whereFast(cond, a, b);
                assertNotNull(fast, what);
                assertSameBits(Elementwise.whereGeneral(cond, a, b), fast, what);
            }
        }
    }

    @Test
    void whereWithNonContiguousOrBroadcastRowOperandsFallsBack() {
        SplittableRandom r = new SplittableRandom(21);
        NdTensor m = tensor(DType.FLOAT64, new int[] {3, 4}, r, 0.5);
        NdTensor t = m.view(new int[] {4, 3}, new int[] {1, 4}, 0);
        NdTensor cond = Elementwise.binary(BinaryOp.GT, m, Dense.fromDoubles(DType.FLOAT64, new int[0], new double[] {0.0}));
        NdTensor condT = cond.view(new int[] {4, 3}, new int[] {1, 4}, 0);
        NdTensor row = tensor(DType.FLOAT64, new int[] {4}, r, 0.5);
        NdTensor s = Dense.fromDoubles(DType.FLOAT64, new int[0], new double[] {2.0});
        assertNull(Elementwise.whereFast(cond, t.view(new int[] {3, 4}, new int[] {1, 3}, 0), s));
        assertNull(Elementwise.whereFast(condT, t, s));
        assertNull(Elementwise.whereFast(cond, row, s));
        assertNull(Elementwise.whereFast(cond, Dense.fromDoubles(DType.FLOAT64, new int[] {1, 1, 1}, new double[] {1}), s));
        NdTensor ints = Dense.fromDoubles(DType.INT64, new int[] {3, 4}, new double[12]);
        assertNull(Elementwise.whereFast(cond, ints, Dense.fromDoubles(DType.INT64, new int[0], new double[] {1})));
        double[] picked = Dense.doubles(Elementwise.where(cond, row, s));
        double[] mv = Dense.doubles(m), rv = Dense.doubles(row);
        for (int i = 0; i < 12; i++) assertEquals(mv[i] > 0 ? rv[i % 4] : 2.0, picked[i], 0.0, "element " + i);
    }
}
