package org.polymorph.core.tensor.testing;

import java.util.EnumSet;
import java.util.Set;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.UnaryOp;

/**
 * Elementwise ops of the reference service. Float ops are computed in double and stored in the
 * dtype (float32: one rounding per op). Integer ops use 64-bit integer arithmetic and wrap to the
 * dtype; DIV truncates toward zero, MOD is floored, and a zero divisor or a negative POW exponent
 * throws {@link ArithmeticException}.
 */
final class RefElementwise {
    /** Unary ops that need a floating dtype. */
    private static final Set<UnaryOp> FLOAT_ONLY = EnumSet.of(UnaryOp.RECIPROCAL, UnaryOp.EXP, UnaryOp.LOG,
            UnaryOp.LOG1P, UnaryOp.EXPM1, UnaryOp.SQRT, UnaryOp.RSQRT, UnaryOp.SIN, UnaryOp.COS, UnaryOp.TAN,
            UnaryOp.ASIN, UnaryOp.ACOS, UnaryOp.ATAN, UnaryOp.SINH, UnaryOp.COSH, UnaryOp.TANH,
            UnaryOp.SIGMOID, UnaryOp.ERF);

    private RefElementwise() { }

    static RefTensor unary(UnaryOp op, RefTensor x) {
        String name = "unary " + op;
        DType dt = x.dtype();
        if (op == UnaryOp.NOT) Values.requireBool(name, x);
        else if (FLOAT_ONLY.contains(op)) Values.requireFloating(name, x);
        else if (op != UnaryOp.IS_NAN && op != UnaryOp.IS_FINITE) Values.requireNumeric(name, x);
        boolean toBool = op == UnaryOp.IS_NAN || op == UnaryOp.IS_FINITE || op == UnaryOp.NOT;
        DType outType = toBool ? DType.BOOL : dt;
        double[] out = new double[x.length()];
        for (int i = 0; i < out.length; i++) {
            double v = x.get(i);
            if (toBool) out[i] = bool(op, v);
            else out[i] = dt.isFloating() ? Values.store(dt, floatUnary(op, v)) : Values.wrap(dt, intUnary(op, (long) v));
        }
        return new RefTensor(outType, x.shape(), out);
    }

    private static double bool(UnaryOp op, double v) {
        switch (op) {
            case NOT: return v == 0 ? 1 : 0;
            case IS_NAN: return Double.isNaN(v) ? 1 : 0;
            default: return Double.isFinite(v) ? 1 : 0;
        }
    }

    static double floatUnary(UnaryOp op, double x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Math.signum(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1.0 / x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case LOG1P: return Math.log1p(x);
            case EXPM1: return Math.expm1(x);
            case SQRT: return Math.sqrt(x);
            case RSQRT: return 1.0 / Math.sqrt(x);
            case SIN: return Math.sin(x);
            case COS: return Math.cos(x);
            case TAN: return Math.tan(x);
            case ASIN: return Math.asin(x);
            case ACOS: return Math.acos(x);
            case ATAN: return Math.atan(x);
            case SINH: return Math.sinh(x);
            case COSH: return Math.cosh(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case ERF: return erf(x);
            case FLOOR: return Math.floor(x);
            case CEIL: return Math.ceil(x);
            case ROUND: return Math.rint(x);
            default: throw new IllegalStateException("unhandled unary op " + op);
        }
    }

    private static long intUnary(UnaryOp op, long x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Long.signum(x);
            case SQUARE: return x * x;
            case FLOOR: case CEIL: case ROUND: return x;
            default: throw new IllegalStateException("unhandled integer unary op " + op);
        }
    }

    /**
     * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)) (Abramowitz and Stegun
     * 7.1.6): every term is positive, so there is no cancellation; |x| >= 6 gives +-1 in double.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6) return Math.signum(x);
        double term = ax;
        double sum = ax;
        for (int n = 0; n < 500 && term > 1e-17 * sum; n++) {
            term *= 2 * ax * ax / (2 * n + 3);
            sum += term;
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
        return x < 0 ? -r : r;
    }

    static RefTensor binary(BinaryOp op, RefTensor a, RefTensor b) {
        String name = "binary " + op;
        Values.requireSameDtype(name, a, b);
        DType dt = a.dtype();
        if (op == BinaryOp.AND || op == BinaryOp.OR) Values.requireBool(name, a);
        else if (op == BinaryOp.ATAN2) Values.requireFloating(name, a);
        else if (!op.isComparison()) Values.requireNumeric(name, a);
        int[] dims = Layout.broadcast(name, a.shape(), b.shape());
        double[] av = Layout.broadcastValues(a.values(), a.dims(), dims);
        double[] bv = Layout.broadcastValues(b.values(), b.dims(), dims);
        boolean toBool = op.isComparison() || op == BinaryOp.AND || op == BinaryOp.OR;
        double[] out = new double[av.length];
        for (int i = 0; i < out.length; i++) {
            if (toBool) out[i] = logical(op, av[i], bv[i]) ? 1 : 0;
            else if (dt.isFloating()) out[i] = Values.store(dt, floatBinary(op, av[i], bv[i]));
            else out[i] = Values.wrap(dt, intBinary(op, (long) av[i], (long) bv[i]));
        }
        return RefTensor.stored(toBool ? DType.BOOL : dt, dims, out);
    }

    private static boolean logical(BinaryOp op, double a, double b) {
        switch (op) {
            case EQ: return a == b;
            case NE: return a != b;
            case LT: return a < b;
            case LE: return a <= b;
            case GT: return a > b;
            case GE: return a >= b;
            case AND: return a != 0 && b != 0;
            case OR: return a != 0 || b != 0;
            default: throw new IllegalStateException("unhandled logical op " + op);
        }
    }

    static double floatBinary(BinaryOp op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return pow(a, b);
            case MAXIMUM: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case ATAN2: return Math.atan2(a, b);
            case MOD: return floorMod(a, b);
            default: throw new IllegalStateException("unhandled float op " + op);
        }
    }

    /**
     * C99/numpy pow: as Math.pow, except that pow(1, y) = 1 for every y (NaN included) and
     * pow(-1, +-inf) = 1, where Java gives NaN.
     */
    static double pow(double a, double b) {
        if (a == 1 || (a == -1 && Double.isInfinite(b))) return 1;
        return Math.pow(a, b);
    }

    /** numpy.mod: the remainder of fmod, moved to the divisor's sign; NaN when b == 0. */
    static double floorMod(double a, double b) {
        double r = a % b;
        if (r != 0 && (r < 0) != (b < 0)) r += b;
        return r;
    }

    private static long intBinary(BinaryOp op, long a, long b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / nonZero(op, b);
            case MOD: return Math.floorMod(a, nonZero(op, b));
            case POW: return intPow(a, b);
            case MAXIMUM: return Math.max(a, b);
            case MINIMUM: return Math.min(a, b);
            default: throw new IllegalStateException("unhandled integer op " + op);
        }
    }

    private static long nonZero(BinaryOp op, long b) {
        if (b == 0) {
            throw new ArithmeticException("binary " + op + ": integer division by zero; mask zero divisors"
                    + " with where() or use a float dtype (which gives inf/NaN)");
        }
        return b;
    }

    /** a^b by repeated squaring, wrapping modulo 2^64 (the caller wraps further to int32). */
    private static long intPow(long a, long b) {
        if (b < 0) {
            throw new ArithmeticException("binary POW: negative integer exponent " + b
                    + " has no integer result; cast the operands to a float dtype");
        }
        long result = 1;
        long base = a;
        while (b > 0) {
            if ((b & 1) != 0) result *= base;
            base *= base;
            b >>= 1;
        }
        return result;
    }

    static RefTensor where(RefTensor cond, RefTensor a, RefTensor b) {
        Values.requireBool("where (cond)", cond);
        Values.requireSameDtype("where", a, b);
        int[] dims = Layout.broadcast("where", cond.shape(), a.shape(), b.shape());
        double[] c = Layout.broadcastValues(cond.values(), cond.dims(), dims);
        double[] av = Layout.broadcastValues(a.values(), a.dims(), dims);
        double[] bv = Layout.broadcastValues(b.values(), b.dims(), dims);
        double[] out = new double[c.length];
        for (int i = 0; i < out.length; i++) out[i] = c[i] != 0 ? av[i] : bv[i];
        return new RefTensor(a.dtype(), org.polymorph.core.tensor.Shape.of(dims), out);
    }

    static RefTensor cast(RefTensor x, DType to) {
        if (to == null) throw new IllegalArgumentException("cast: target dtype is null; give one of float64, float32, int32, int64, bool");
        double[] out = new double[x.length()];
        for (int i = 0; i < out.length; i++) out[i] = Values.convert(x.get(i), x.dtype(), to);
        return new RefTensor(to, x.shape(), out);
    }
}
