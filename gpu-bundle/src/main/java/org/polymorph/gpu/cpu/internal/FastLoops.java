package org.polymorph.gpu.cpu.internal;

import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.UnaryOp;

/**
 * Tight loops for contiguous same-shape float operands: one loop per op, so the JIT can unroll
 * and vectorise. The binary loops write {@code n} elements of {@code out} from {@code oo}, so a
 * trailing-broadcast operand ([m] against [..., m]) runs them once per row. Each method returns
 * false when it has no loop for the op (the caller then takes the general path, which also validates).
 */
final class FastLoops {
    private FastLoops() { }

    /** The loop of the operands' type: all three double[] or all three float[]. */
    static boolean binary(BinaryOp op, Object a, int ao, Object b, int bo, Object out, int oo, int n) {
        if (a instanceof double[]) return binary(op, (double[]) a, ao, (double[]) b, bo, (double[]) out, oo, n);
        return binary(op, (float[]) a, ao, (float[]) b, bo, (float[]) out, oo, n);
    }

    static boolean binary(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
        switch (op) {
            case ADD: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; return true;
            case SUB: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; return true;
            case MUL: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; return true;
            case DIV: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; return true;
            case MAXIMUM: case MINIMUM: case POW: case ATAN2: case MOD:
                for (int i = 0; i < n; i++) out[oo + i] = ScalarMath.binary(op, a[ao + i], b[bo + i]);
                return true;
            default: return false;
        }
    }

    /** float32: +, -, *, / of two floats rounded once equals the float operation itself. */
    static boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; return true;
            case SUB: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; return true;
            case MUL: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; return true;
            case DIV: for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; return true;
            case MAXIMUM: case MINIMUM: case POW: case ATAN2: case MOD:
                for (int i = 0; i < n; i++) out[oo + i] = (float) ScalarMath.binary(op, a[ao + i], b[bo + i]);
                return true;
            default: return false;
        }
    }

    static boolean unary(UnaryOp op, double[] x, int xo, double[] out) {
        int n = out.length;
        switch (op) {
            case NEG: for (int i = 0; i < n; i++) out[i] = -x[xo + i]; return true;
            case ABS: for (int i = 0; i < n; i++) out[i] = Math.abs(x[xo + i]); return true;
            case SQUARE: for (int i = 0; i < n; i++) out[i] = x[xo + i] * x[xo + i]; return true;
            case EXP: for (int i = 0; i < n; i++) out[i] = Math.exp(x[xo + i]); return true;
            case LOG: for (int i = 0; i < n; i++) out[i] = Math.log(x[xo + i]); return true;
            case SQRT: for (int i = 0; i < n; i++) out[i] = Math.sqrt(x[xo + i]); return true;
            case TANH: for (int i = 0; i < n; i++) out[i] = Math.tanh(x[xo + i]); return true;
            case NOT: case IS_NAN: case IS_FINITE: return false;
            default:
                for (int i = 0; i < n; i++) out[i] = ScalarMath.unary(op, x[xo + i]);
                return true;
        }
    }
}
