package org.polymorph.gpu.cpu.internal;

import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.UnaryOp;

/** Scalar kernels of the elementwise ops: floats in double, integers in 64-bit (callers wrap). */
final class ScalarMath {
    private ScalarMath() { }

    static double unary(UnaryOp op, double x) {
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
            default: throw new IllegalStateException("unary " + op + " has no float kernel");
        }
    }

    static long unary(UnaryOp op, long x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Long.signum(x);
            case SQUARE: return x * x;
            case FLOOR: case CEIL: case ROUND: return x;
            default: throw new IllegalStateException("unary " + op + " has no integer kernel");
        }
    }

    static double binary(BinaryOp op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return a == 1 || (a == -1 && Double.isInfinite(b)) ? 1 : Math.pow(a, b);   // C99/numpy pow
            case MAXIMUM: return a != a || b != b ? Double.NaN : Math.max(a, b);
            case MINIMUM: return a != a || b != b ? Double.NaN : Math.min(a, b);
            case ATAN2: return Math.atan2(a, b);
            case MOD: {
                double r = a % b;
                if (r != 0 && (r < 0) != (b < 0)) r += b;
                return r;
            }
            default: throw new IllegalStateException("binary " + op + " has no float kernel");
        }
    }

    static long binary(BinaryOp op, long a, long b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / nonZero(op, b);
            case MOD: return Math.floorMod(a, nonZero(op, b));
            case POW: return pow(a, b);
            case MAXIMUM: return Math.max(a, b);
            case MINIMUM: return Math.min(a, b);
            default: throw new IllegalStateException("binary " + op + " has no integer kernel");
        }
    }

    static boolean compare(BinaryOp op, double a, double b) {
        switch (op) {
            case EQ: return a == b;
            case NE: return a != b;
            case LT: return a < b;
            case LE: return a <= b;
            case GT: return a > b;
            case GE: return a >= b;
            case AND: return a != 0 && b != 0;
            case OR: return a != 0 || b != 0;
            default: throw new IllegalStateException("binary " + op + " is not a comparison");
        }
    }

    static boolean compare(BinaryOp op, long a, long b) {
        switch (op) {
            case EQ: return a == b;
            case NE: return a != b;
            case LT: return a < b;
            case LE: return a <= b;
            case GT: return a > b;
            case GE: return a >= b;
            case AND: return a != 0 && b != 0;
            case OR: return a != 0 || b != 0;
            default: throw new IllegalStateException("binary " + op + " is not a comparison");
        }
    }

    private static long nonZero(BinaryOp op, long b) {
        if (b == 0) {
            throw new ArithmeticException("binary " + op + ": integer division by zero; mask zero divisors"
                    + " with where() or use a float dtype (which gives inf/NaN)");
        }
        return b;
    }

    /** a^b by repeated squaring, wrapping modulo 2^64. */
    private static long pow(long a, long b) {
        if (b < 0) {
            throw new ArithmeticException("binary POW: negative integer exponent " + b
                    + " has no integer result; cast the operands to a float dtype");
        }
        long result = 1;
        for (long base = a; b > 0; b >>= 1, base *= base) if ((b & 1) != 0) result *= base;
        return result;
    }

    /**
     * erf by its Maclaurin-type series 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1)/(2n+1)!!
     * (Abramowitz and Stegun 7.1.6); all terms positive, |x| >= 6 rounds to +-1.
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
}
