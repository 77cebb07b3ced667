package org.polymorph.gpu.cpu.internal;

import org.polymorph.core.tensor.BinaryOp;

/**
 * Tight loops for a contiguous float operand {@code x} against one scalar {@code s} (a size-1
 * operand broadcast), in either order ({@code scalarLeft}: s op x, else x op s). Each element gets
 * the same arithmetic, in the same operand order, as the general broadcasting path of
 * {@link Elementwise}, so results are bit-identical; the scalar is never materialised as a full
 * array. Each method returns false when it has no loop for the op (the caller then takes the
 * general path, which also validates).
 */
final class ScalarLoops {
    private ScalarLoops() { }

    /** The loop of the operands' type ({@code x}, {@code s}, {@code out} all double[] or all float[]); the scalar is s[so]. */
    static boolean binary(BinaryOp op, Object x, int xo, Object s, int so, boolean scalarLeft, Object out) {
        if (x instanceof double[]) return binary(op, (double[]) x, xo, ((double[]) s)[so], scalarLeft, (double[]) out);
        return binary(op, (float[]) x, xo, ((float[]) s)[so], scalarLeft, (float[]) out);
    }

    /** As {@link #binary(BinaryOp, Object, int, Object, int, boolean, Object)} for the comparisons. */
    static boolean compare(BinaryOp op, Object x, int xo, Object s, int so, boolean scalarLeft, boolean[] out) {
        if (x instanceof double[]) return compare(op, (double[]) x, xo, ((double[]) s)[so], scalarLeft, out);
        return compare(op, (float[]) x, xo, ((float[]) s)[so], scalarLeft, out);
    }

    static boolean binary(BinaryOp op, double[] x, int xo, double s, boolean scalarLeft, double[] out) {
        int n = out.length;
        switch (op) {
            case ADD:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s + x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] + s;
                return true;
            case SUB:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s - x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] - s;
                return true;
            case MUL:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s * x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] * s;
                return true;
            case DIV:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s / x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] / s;
                return true;
            case MAXIMUM: case MINIMUM: case POW: case ATAN2: case MOD:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = ScalarMath.binary(op, s, x[xo + i]);
                else for (int i = 0; i < n; i++) out[i] = ScalarMath.binary(op, x[xo + i], s);
                return true;
            default: return false;
        }
    }

    /** float32: +, -, *, / of two floats rounded once equals the double operation rounded to float. */
    static boolean binary(BinaryOp op, float[] x, int xo, float s, boolean scalarLeft, float[] out) {
        int n = out.length;
        switch (op) {
            case ADD:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s + x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] + s;
                return true;
            case SUB:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s - x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] - s;
                return true;
            case MUL:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s * x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] * s;
                return true;
            case DIV:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = s / x[xo + i];
                else for (int i = 0; i < n; i++) out[i] = x[xo + i] / s;
                return true;
            case MAXIMUM: case MINIMUM: case POW: case ATAN2: case MOD:
                if (scalarLeft) for (int i = 0; i < n; i++) out[i] = (float) ScalarMath.binary(op, s, x[xo + i]);
                else for (int i = 0; i < n; i++) out[i] = (float) ScalarMath.binary(op, x[xo + i], s);
                return true;
            default: return false;
        }
    }

    /** Comparisons EQ..GE; AND/OR (bool only) are left to the general path, which rejects floats. */
    static boolean compare(BinaryOp op, double[] x, int xo, double s, boolean scalarLeft, boolean[] out) {
        int n = out.length;
        switch (scalarLeft ? mirror(op) : op) {
            case EQ: for (int i = 0; i < n; i++) out[i] = x[xo + i] == s; return true;
            case NE: for (int i = 0; i < n; i++) out[i] = x[xo + i] != s; return true;
            case LT: for (int i = 0; i < n; i++) out[i] = x[xo + i] < s; return true;
            case LE: for (int i = 0; i < n; i++) out[i] = x[xo + i] <= s; return true;
            case GT: for (int i = 0; i < n; i++) out[i] = x[xo + i] > s; return true;
            case GE: for (int i = 0; i < n; i++) out[i] = x[xo + i] >= s; return true;
            default: return false;
        }
    }

    /** float32 comparisons equal those of the values widened to double (widening is exact). */
    static boolean compare(BinaryOp op, float[] x, int xo, float s, boolean scalarLeft, boolean[] out) {
        int n = out.length;
        switch (scalarLeft ? mirror(op) : op) {
            case EQ: for (int i = 0; i < n; i++) out[i] = x[xo + i] == s; return true;
            case NE: for (int i = 0; i < n; i++) out[i] = x[xo + i] != s; return true;
            case LT: for (int i = 0; i < n; i++) out[i] = x[xo + i] < s; return true;
            case LE: for (int i = 0; i < n; i++) out[i] = x[xo + i] <= s; return true;
            case GT: for (int i = 0; i < n; i++) out[i] = x[xo + i] > s; return true;
            case GE: for (int i = 0; i < n; i++) out[i] = x[xo + i] >= s; return true;
            default: return false;
        }
    }

    /** The comparison with its operands swapped: s < x is x > s (exact in IEEE 754, NaN included). */
    private static BinaryOp mirror(BinaryOp op) {
        switch (op) {
            case LT: return BinaryOp.GT;
            case LE: return BinaryOp.GE;
            case GT: return BinaryOp.LT;
            case GE: return BinaryOp.LE;
            default: return op;
        }
    }
}
