package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/** Unary and binary elementwise ops, where and broadcasting, on every dtype and on views. */
public abstract class ContractElementwise extends ContractSupport {
    private static final double[] SPECIAL = {0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1, 1e-300, 1e300, -1e300,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 3.7, -3.7, 20, -20, 710, -745, 1e-8};

    /** Input range suited to the op's domain (outside it, results are NaN, which must agree too). */
    private static In unaryInput(UnaryOp op, DType dt, long seed, int... shape) {
        switch (op) {
            case ASIN: case ACOS: return randRange(dt, seed, -1, 1, shape);
            case LOG: case SQRT: case RSQRT: return dt.isFloating() ? randRange(dt, seed, 0.01, 5, shape) : rand(dt, seed, shape);
            case LOG1P: return dt.isFloating() ? randRange(dt, seed, -0.99, 5, shape) : rand(dt, seed, shape);
            default: return dt.isFloating() ? randRange(dt, seed, -4, 4, shape) : rand(dt, seed, shape);
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryEveryDtype(UnaryOp op) {
        for (DType dt : DType.values()) {
            agreeOrReject(op + " " + dt, s -> s.unary(op, unaryInput(op, dt, 11, 3, 4).in(s)));
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryEdgeShapesAndViews(UnaryOp op) {
        DType dt = op == UnaryOp.NOT ? DType.BOOL : DType.FLOAT64;
        agree(op + " scalar", s -> s.unary(op, unaryInput(op, dt, 3).in(s)));
        agree(op + " size-0", s -> s.unary(op, unaryInput(op, dt, 4, 2, 0, 3).in(s)));
        agree(op + " size-1 axes", s -> s.unary(op, unaryInput(op, dt, 5, 1, 3, 1).in(s)));
        agree(op + " transposed", s -> s.unary(op, unaryInput(op, dt, 6, 3, 4, 5).t(2, 0, 1).in(s)));
        agree(op + " negative-step slice", s -> s.unary(op, unaryInput(op, dt, 7, 6, 7)
                .slice(new int[] {5, 1}, new int[] {Integer.MIN_VALUE, 7}, new int[] {-2, 3}).in(s)));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unarySpecialValues(UnaryOp op) {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            agreeOrReject(op + " special values " + dt, s -> s.unary(op, data(dt, SPECIAL, SPECIAL.length).in(s)));
        }
    }

    /** Above any small-tensor threshold (200k elements, also through a transposed view). */
    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryLarge(UnaryOp op) {
        DType dt = op == UnaryOp.NOT ? DType.BOOL : DType.FLOAT64;
        agree(op + " 200k", s -> s.unary(op, unaryInput(op, dt, 8, 400, 500).in(s)));
        agree(op + " 200k transposed", s -> s.unary(op, unaryInput(op, dt, 9, 400, 500).t().in(s)));
        if (op != UnaryOp.NOT) agree(op + " 200k float32", s -> s.unary(op, unaryInput(op, DType.FLOAT32, 10, 200_000).in(s)));
    }

    /** Inputs with ties (steps of 0.5 for floats) so comparisons see equal values; no zero divisors for ints. */
    private static In binaryInput(BinaryOp op, DType dt, boolean second, long seed, int... shape) {
        int n = size(shape);
        double[] v = values(dt.isFloating() ? DType.INT32 : dt, seed, -6, 6, n);
        for (int i = 0; i < n; i++) {
            if (dt.isFloating()) v[i] = v[i] / 2 + (op == BinaryOp.POW && !second ? 3.5 : 0) / 2;
            if (second && (op == BinaryOp.DIV || op == BinaryOp.MOD) && v[i] == 0) v[i] = dt.isFloating() ? 0.5 : 3;
            if (op == BinaryOp.POW && !dt.isFloating()) v[i] = second ? Math.abs(v[i]) % 5 : v[i] % 5;
        }
        return data(dt, v, shape);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryEveryDtypeWithBroadcasting(BinaryOp op) {
        for (DType dt : DType.values()) {
            agreeOrReject(op + " " + dt + " [3,1,4] x [5,1]",
                    s -> s.binary(op, binaryInput(op, dt, false, 21, 3, 1, 4).in(s), binaryInput(op, dt, true, 22, 5, 1).in(s)));
            agreeOrReject(op + " " + dt + " same shape",
                    s -> s.binary(op, binaryInput(op, dt, false, 23, 4, 6).in(s), binaryInput(op, dt, true, 24, 4, 6).in(s)));
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryEdgeShapesAndViews(BinaryOp op) {
        DType dt = op == BinaryOp.AND || op == BinaryOp.OR ? DType.BOOL : DType.FLOAT64;
        agree(op + " scalar x scalar", s -> s.binary(op, binaryInput(op, dt, false, 1).in(s), binaryInput(op, dt, true, 2).in(s)));
        agree(op + " scalar x [2,3]", s -> s.binary(op, binaryInput(op, dt, false, 3).in(s), binaryInput(op, dt, true, 4, 2, 3).in(s)));
        agree(op + " [2,3] x scalar", s -> s.binary(op, binaryInput(op, dt, false, 5, 2, 3).in(s), binaryInput(op, dt, true, 6).in(s)));
        agree(op + " [0,3] x [1,3]", s -> s.binary(op, binaryInput(op, dt, false, 7, 0, 3).in(s), binaryInput(op, dt, true, 8, 1, 3).in(s)));
        agree(op + " [2,1] x [1,0]", s -> s.binary(op, binaryInput(op, dt, false, 9, 2, 1).in(s), binaryInput(op, dt, true, 10, 1, 0).in(s)));
        agree(op + " transposed x negative-step slice", s -> s.binary(op,
                binaryInput(op, dt, false, 11, 5, 4).t().in(s),
                binaryInput(op, dt, true, 12, 4, 10).slice(new int[] {3, -1}, new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE},
                        new int[] {1, -2}).in(s)));
        agree(op + " broadcast view", s -> s.binary(op,
                binaryInput(op, dt, false, 13, 3, 1, 5).t(2, 1, 0).in(s), binaryInput(op, dt, true, 14, 4, 1).in(s)));
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryLarge(BinaryOp op) {
        DType dt = op == BinaryOp.AND || op == BinaryOp.OR ? DType.BOOL : DType.FLOAT64;
        agree(op + " 200k", s -> s.binary(op, binaryInput(op, dt, false, 31, 400, 500).in(s), binaryInput(op, dt, true, 32, 400, 500).in(s)));
        agree(op + " 200k broadcast row", s -> s.binary(op, binaryInput(op, dt, false, 33, 400, 500).in(s), binaryInput(op, dt, true, 34, 500).in(s)));
        agree(op + " 200k broadcast column, transposed", s -> s.binary(op,
                binaryInput(op, dt, false, 35, 500, 400).t().in(s), binaryInput(op, dt, true, 36, 400, 1).in(s)));
        if (dt == DType.FLOAT64) {
            agreeOrReject(op + " 200k int32", s -> s.binary(op, binaryInput(op, DType.INT32, false, 37, 200_000).in(s),
                    binaryInput(op, DType.INT32, true, 38, 200_000).in(s)));
            agree(op + " 200k float32", s -> s.binary(op, binaryInput(op, DType.FLOAT32, false, 39, 200_000).in(s),
                    binaryInput(op, DType.FLOAT32, true, 40, 200_000).in(s)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "POW", "MAXIMUM", "MINIMUM", "ATAN2", "MOD", "EQ", "LT", "GE"})
    void binarySpecialValues(BinaryOp op) {
        int n = SPECIAL.length;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = SPECIAL[i];
                b[i * n + j] = SPECIAL[j];
            }
        }
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            agree(op + " special values " + dt, s -> s.binary(op, data(dt, a, n, n).in(s), data(dt, b, n, n).in(s)));
        }
    }

    @Test
    void integerSemanticsByHand() {
        TensorService s = service();
        int[] big = {Integer.MAX_VALUE, Integer.MIN_VALUE, 65536, -7, 7, -7};
        int[] small = {1, -1, 65536, 2, -2, -2};
        assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 131072, -5, 5, -9},
                s.toIntArray(s.add(s.fromArray(big, 6), s.fromArray(small, 6))), "int32 ADD wraps");
        assertArrayEquals(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -14, -14, 14},
                s.toIntArray(s.mul(s.fromArray(big, 6), s.fromArray(small, 6))), "int32 MUL wraps");
        assertArrayEquals(new int[] {-3, 3, -3, 3}, s.toIntArray(s.div(s.fromArray(new int[] {-7, 7, 7, -7}, 4),
                s.fromArray(new int[] {2, 2, -2, -2}, 4))), "int DIV truncates toward zero");
        assertArrayEquals(new long[] {1, 1, -1, -1}, s.toLongArray(s.binary(BinaryOp.MOD, s.fromArray(new long[] {-7, 7, 7, -7}, 4),
                s.fromArray(new long[] {2, 2, -2, -2}, 4))), "int MOD is floored (sign of the divisor)");
        assertArrayEquals(new double[] {1.5, 0.5, -1.5, -0.5}, s.toDoubleArray(s.binary(BinaryOp.MOD,
                s.fromArray(new double[] {-6.5, 6.5, 6.5, -6.5}, 4), s.fromArray(new double[] {2, 2, -2, -2}, 4))), "float MOD is floored");
        assertArrayEquals(new int[] {1, 81, -8, 0}, s.toIntArray(s.pow(s.fromArray(new int[] {5, 3, -2, 0}, 4),
                s.fromArray(new int[] {0, 4, 3, 2}, 4))), "int POW");
        assertArrayEquals(new int[] {0}, s.toIntArray(s.pow(s.fromArray(new int[] {2}, 1), s.fromArray(new int[] {32}, 1))), "2^32 wraps to 0");
    }

    @Test
    void int64BeyondInt32Range() {
        double[] a = {1L << 40, -(1L << 41) + 7, 3_000_000_000.0, -5};
        double[] b = {3, 1L << 33, -2, 1L << 35};
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MOD,
            BinaryOp.MAXIMUM, BinaryOp.LT, BinaryOp.EQ}) {
            agree(op + " int64 beyond 2^31", s -> s.binary(op, data(I64, a, 4).in(s), data(I64, b, 4).in(s)));
        }
        agree("int64 sum beyond 2^31", s -> s.sum(data(I64, a, 4).in(s)));
        agree("int64 neg/abs", s -> s.unary(UnaryOp.ABS, s.unary(UnaryOp.NEG, data(I64, a, 4).in(s))));
        assertArrayEquals(new long[] {(1L << 40) * 3}, service().toLongArray(service().mul(service().fromArray(new long[] {1L << 40}, 1),
                service().fromArray(new long[] {3}, 1))));
    }

    /** float32 results are exactly representable floats: 2^24 + 1 rounds to 2^24 (no hidden double precision). */
    @Test
    void float32ResultsAreRoundedToFloat() {
        TensorService s = service();
        double[] sum = s.toDoubleArray(s.add(s.fromArray(new float[] {16777216f, 0.1f}, 2), s.fromArray(new float[] {1f, 0.2f}, 2)));
        assertArrayEquals(new double[] {16777216.0, (double) (0.1f + 0.2f)}, sum);
        double[] q = s.toDoubleArray(s.div(s.fromArray(new float[] {1f}, 1), s.fromArray(new float[] {3f}, 1)));
        assertArrayEquals(new double[] {(double) (1f / 3f)}, q);
        double[] e = s.toDoubleArray(s.exp(s.fromArray(new float[] {1f}, 1)));
        org.junit.jupiter.api.Assertions.assertEquals((float) e[0], e[0], 0, "exp result is a float value");
        double[] c = s.toDoubleArray(s.cast(s.fromArray(new double[] {0.1}, 1), F32));
        assertArrayEquals(new double[] {(double) 0.1f}, c);
    }

    /** Sizes on both sides of typical small/large switch points (4096 and 65536 elements). */
    @Test
    void sizesAroundThresholds() {
        for (int n : new int[] {4095, 4096, 4097, 65535, 65537}) {
            agree("add n=" + n, s -> s.add(rand(F64, n, n).in(s), rand(F64, n + 1, n).in(s)));
            agree("exp n=" + n, s -> s.exp(rand(F32, n + 2, n).in(s)));
            agree("sum n=" + n, 1e-12, 1e-11, s -> s.sum(rand(F64, n + 3, n).in(s)));
            agree("mul broadcast n=" + n, s -> s.mul(rand(I64, n + 4, n, 1).in(s), rand(I64, n + 5, 1).in(s)));
        }
        for (int m : new int[] {63, 64, 65}) {
            agree("matmul " + m + "x64", 1e-12, 1e-11, s -> s.matmul(rand(F64, m, m, 64).in(s), rand(F64, m + 1, 64, m).in(s)));
        }
    }

    @Test
    void largeStridedViews() {
        agree("200k negative-step slice + transposed", s -> s.add(
                rand(F64, 53, 800, 1000).slice(new int[] {799, 0}, new int[] {Integer.MIN_VALUE, 1000}, new int[] {-2, 2}).in(s),
                rand(F64, 54, 500, 400).t().in(s)));
        agree("200k strided slice, unary", s -> s.unary(UnaryOp.TANH,
                rand(F64, 55, 1000, 800).slice(new int[] {1, 799}, new int[] {1000, Integer.MIN_VALUE}, new int[] {3, -2}).in(s)));
    }

    @Test
    void integerDivisionByZeroThrowsArithmeticException() {
        TensorService s = service();
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.div(s.fromArray(new int[] {1, 2}, 2), s.fromArray(new int[] {1, 0}, 2))), "zero");
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.binary(BinaryOp.MOD, s.fromArray(new long[] {5}, 1), s.fromArray(new long[] {0}, 1))));
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.pow(s.fromArray(new int[] {2}, 1), s.fromArray(new int[] {-1}, 1))));
        double[] q = s.toDoubleArray(s.div(s.fromArray(new double[] {1, -1, 0}, 3), s.fromArray(new double[] {0, 0, 0}, 3)));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}, q, "float division by zero");
    }

    @Test
    void where() {
        for (DType dt : DType.values()) {
            agree("where " + dt, s -> s.where(rand(BOOL, 41, 3, 1).in(s), rand(dt, 42, 1, 4).in(s), rand(dt, 43).in(s)));
        }
        agree("where views", s -> s.where(rand(BOOL, 44, 4, 3).t().in(s), rand(F64, 45, 3, 4).in(s),
                rand(F64, 46, 8, 4).slice(new int[] {7, 0}, new int[] {0, 4}, new int[] {-3, 1}).in(s)));
        agree("where size-0", s -> s.where(rand(BOOL, 47, 0, 2).in(s), rand(F64, 48, 2).in(s), rand(F64, 49, 1, 2).in(s)));
        agree("where large", s -> s.where(rand(BOOL, 50, 300, 400).in(s), rand(F64, 51, 300, 400).in(s), rand(F64, 52, 400).in(s)));
    }

    @Test
    void errors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.add(s.zeros(F64, 2, 3), s.zeros(F64, 4)), "[2, 3]", "[4]");
        assertFails(IllegalArgumentException.class, () -> s.add(s.zeros(F64, 2), s.zeros(F32, 2)), "float64", "float32");
        assertFails(IllegalArgumentException.class, () -> s.binary(BinaryOp.AND, s.zeros(F64, 2), s.zeros(F64, 2)));
        assertFails(IllegalArgumentException.class, () -> s.unary(UnaryOp.NOT, s.zeros(F64, 2)));
        assertFails(IllegalArgumentException.class, () -> s.unary(UnaryOp.EXP, s.zeros(I32, 2)), "int32");
        assertFails(IllegalArgumentException.class, () -> s.where(s.zeros(F64, 2), s.zeros(F64, 2), s.zeros(F64, 2)));
        assertFails(IllegalArgumentException.class, () -> s.where(s.zeros(BOOL, 2), s.zeros(F64, 2), s.zeros(I64, 2)));
        assertFails(IllegalArgumentException.class, () -> s.where(s.zeros(BOOL, 3), s.zeros(F64, 2), s.zeros(F64, 2)));
    }
}
