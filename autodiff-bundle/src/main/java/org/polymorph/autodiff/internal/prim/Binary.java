package org.polymorph.autodiff.internal.prim;

import java.util.Locale;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * Elementwise two-argument ops with broadcasting. {@link #term} gives operand i's contribution
 * t·∂out/∂x_i; the JVP sums the terms, the VJP sums each term down to its operand's shape.
 * POW follows JAX at zeros: d/da is 0 where b = 0, d/db uses log 1 where a = 0. MAXIMUM/MINIMUM
 * split ties equally.
 */
public final class Binary implements Builtin {
    private final BinaryOp op;

    public Binary(BinaryOp op) { this.op = op; }

    @Override public String name() { return op.name().toLowerCase(Locale.ROOT); }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.binary(op, a[0], a[1])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        Var ta = t[0] == null ? null : term(o, 0, x[0], x[1], y[0], t[0]);
        Var tb = t[1] == null ? null : term(o, 1, x[0], x[1], y[0], t[1]);
        return Rules.one(Rules.sum(o, ta, tb));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[2];
        Var[] out = new Var[2];
        for (int i = 0; i < 2; i++) {
            Var term = term(o, i, x[0], x[1], y[0], ct[0]);
            out[i] = term == null ? null : Rules.unbroadcast(o, term, x[i].shape());
        }
        return out;
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        Var[] al = Rules.alignBatched(o, a, batched);
        return Rules.one(o.binary(op, al[0], al[1]));
    }

    /**
     * Operand i's term t·∂out/∂x_i, or null for no derivative: integer operands, and the comparisons
     * and logical ops, whose boolean result is piecewise constant. The switch names every op, so a
     * new BinaryOp does not compile until its rule is written here.
     */
    private Var term(Ops o, int i, Var a, Var b, Var out, Var t) {
        if (!a.dtype().isFloating()) return null;
        return switch (op) {
            case ADD -> t;
            case SUB -> i == 0 ? t : o.neg(t);
            case MUL -> o.mul(t, i == 0 ? b : a);
            case DIV -> i == 0 ? o.div(t, b) : o.neg(o.mul(t, o.div(out, b)));
            case POW -> {
                Var zero = o.scalarLike(a, 0);
                if (i == 0) {
                    Var d = o.mul(b, o.pow(a, o.sub(b, o.scalarLike(b, 1))));
                    yield o.mul(t, o.where(o.binary(BinaryOp.EQ, b, zero), o.zerosLike(d), d));
                }
                Var safeA = o.where(o.binary(BinaryOp.EQ, a, zero), o.onesLike(a), a);
                yield o.mul(t, o.mul(out, o.log(safeA)));
            }
            case MAXIMUM, MINIMUM -> {
                BinaryOp win = (op == BinaryOp.MAXIMUM) == (i == 0) ? BinaryOp.GT : BinaryOp.LT;
                Var m = o.add(Unary.mask(o, win, a, b), o.mul(Unary.mask(o, BinaryOp.EQ, a, b), o.scalarLike(a, 0.5)));
                yield o.mul(t, m);
            }
            case ATAN2 -> {
                Var den = o.add(o.square(a), o.square(b));
                yield i == 0 ? o.mul(t, o.div(b, den)) : o.neg(o.mul(t, o.div(a, den)));
            }
            case MOD -> i == 0 ? t : o.neg(o.mul(t, o.unary(UnaryOp.FLOOR, o.div(a, b))));
            case EQ, NE, LT, LE, GT, GE, AND, OR -> null;
        };
    }
}
