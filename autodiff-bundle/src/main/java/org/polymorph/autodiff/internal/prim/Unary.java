package org.polymorph.autodiff.internal.prim;

import java.util.Locale;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/** Elementwise one-argument ops; the derivative is diagonal, so JVP and VJP share {@link #scale}. */
public final class Unary implements Builtin {
    private final UnaryOp op;

    public Unary(UnaryOp op) { this.op = op; }

    @Override public String name() { return op.name().toLowerCase(Locale.ROOT); }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.unary(op, a[0])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : scale(o, x[0], y[0], t[0]));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        return Rules.one(ct[0] == null ? null : scale(o, x[0], y[0], ct[0]));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.unary(op, a[0])); }

    /**
     * t·f'(x) with y = f(x). SIGN, FLOOR, CEIL and ROUND have derivative 0 where it exists; NOT,
     * IS_NAN and IS_FINITE give booleans and no derivative (null). The switch names every op, so a
     * new UnaryOp does not compile until its rule is written here.
     */
    private Var scale(Ops o, Var x, Var y, Var t) {
        return switch (op) {
            case NEG -> o.neg(t);
            case ABS -> o.mul(t, o.sign(x));
            case SQUARE -> o.mul(t, o.mul(x, c(o, x, 2)));
            case RECIPROCAL -> o.neg(o.mul(t, o.square(y)));
            case EXP -> o.mul(t, y);
            case LOG -> o.div(t, x);
            case LOG1P -> o.div(t, o.add(x, c(o, x, 1)));
            case EXPM1 -> o.mul(t, o.add(y, c(o, x, 1)));
            case SQRT -> o.div(t, o.mul(y, c(o, x, 2)));
            case RSQRT -> o.mul(t, o.mul(o.div(y, x), c(o, x, -0.5)));
            case SIN -> o.mul(t, o.cos(x));
            case COS -> o.neg(o.mul(t, o.sin(x)));
            case TAN -> o.mul(t, o.add(o.square(y), c(o, x, 1)));
            case ASIN -> o.mul(t, o.rsqrt(o.sub(c(o, x, 1), o.square(x))));
            case ACOS -> o.neg(o.mul(t, o.rsqrt(o.sub(c(o, x, 1), o.square(x)))));
            case ATAN -> o.div(t, o.add(o.square(x), c(o, x, 1)));
            case SINH -> o.mul(t, o.unary(UnaryOp.COSH, x));
            case COSH -> o.mul(t, o.unary(UnaryOp.SINH, x));
            case TANH -> o.mul(t, o.sub(c(o, x, 1), o.square(y)));
            case SIGMOID -> o.mul(t, o.mul(y, o.sub(c(o, x, 1), y)));
            case ERF -> o.mul(t, o.mul(o.exp(o.neg(o.square(x))), c(o, x, 2 / Math.sqrt(Math.PI))));
            case SIGN, FLOOR, CEIL, ROUND -> o.mul(t, c(o, x, 0));
            case NOT, IS_NAN, IS_FINITE -> null;
        };
    }

    private static Var c(Ops o, Var like, double v) { return o.scalarLike(like, v); }

    /** Used by {@link Binary}: a comparison as a 0/1 float mask of x's dtype. */
    static Var mask(Ops o, BinaryOp cmp, Var a, Var b) { return o.cast(o.binary(cmp, a, b), a.dtype()); }
}
