package org.polymorph.core.tensor;

/** Elementwise two-argument ops with NumPy broadcasting. Comparisons give BOOL. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2,
    /** Floored remainder with the sign of the divisor, as numpy.mod. */
    MOD,
    EQ, NE, LT, LE, GT, GE,
    /** Logical and/or: BOOL only. */
    AND, OR;

    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }
}
