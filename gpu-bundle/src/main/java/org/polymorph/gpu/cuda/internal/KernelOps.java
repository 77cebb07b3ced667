package org.polymorph.gpu.cuda.internal;

/**
 * The op codes the bundle's kernels take as their {@code int op} argument; the numbers are those of
 * the enums in {@code src/main/cuda/common.cuh} (a test reads that header and compares).
 */
public final class KernelOps {
    private KernelOps() { }

    /** Ops of {@code binary_f32/f64}; comparisons give 1 or 0 in the operands' dtype, max/min propagate NaN, MOD is floored (numpy.mod). */
    public enum BinaryOp {
        ADD(0), SUB(1), MUL(2), DIV(3), POW(4), MAX(5), MIN(6), EQ(7), NE(8), LT(9), LE(10), GT(11), GE(12),
        ATAN2(13), MOD(14);

        private final int code;

        BinaryOp(int code) { this.code = code; }

        public int code() { return code; }
    }

    /** Ops of {@code unary_f32/f64}; ROUND is half to even; IS_NAN and IS_FINITE give 1 or 0 in the operand's dtype. */
    public enum UnaryOp {
        NEG(0), EXP(1), LOG(2), SQRT(3), ABS(4), TANH(5), SIGMOID(6), SIN(7), COS(8), RELU(9), SQUARE(10),
        RECIPROCAL(11), LOG1P(12), EXPM1(13), SIGN(14), RSQRT(15), TAN(16), ASIN(17), ACOS(18), ATAN(19), SINH(20),
        COSH(21), ERF(22), FLOOR(23), CEIL(24), ROUND(25), IS_NAN(26), IS_FINITE(27);

        private final int code;

        UnaryOp(int code) { this.code = code; }

        public int code() { return code; }
    }

    /** Ops of {@code reduce_last_f32/f64}; an empty row gives 0, -inf, +inf, 1. */
    public enum ReduceOp {
        SUM(0), MAX(1), MIN(2), PROD(3);

        private final int code;

        ReduceOp(int code) { this.code = code; }

        public int code() { return code; }
    }

    /** Ops of {@code argreduce_last_f32/f64}: the first maximum or minimum of a row (a NaN counts as both). */
    public enum ArgOp {
        ARGMAX(0), ARGMIN(1);

        private final int code;

        ArgOp(int code) { this.code = code; }

        public int code() { return code; }
    }
}
