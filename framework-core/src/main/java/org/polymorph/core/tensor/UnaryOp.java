package org.polymorph.core.tensor;

/** Elementwise one-argument ops. Float ops keep the dtype; IS_NAN/IS_FINITE give BOOL. */
public enum UnaryOp {
    NEG, ABS, SIGN, SQUARE, RECIPROCAL,
    EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT,
    SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH,
    SIGMOID, ERF, FLOOR, CEIL, ROUND,
    /** Logical not: BOOL only. */
    NOT,
    IS_NAN, IS_FINITE
}
