package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.UnaryOp;

/** Every elementwise, reduction and shape primitive against finite differences (order 2) and vmap against a loop. */
class ElementwiseAndShapeRulesTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;

    /** Inputs inside each op's smooth domain, away from the jumps of FLOOR/CEIL/ROUND/SIGN. */
    private Var domain(UnaryOp op) {
        switch (op) {
            case LOG: case SQRT: case RSQRT: return t.uniform(1, 0.5, 2.0, 2, 3);
            case LOG1P: return t.uniform(1, -0.5, 1.5, 2, 3);
            case ASIN: case ACOS: return t.uniform(2, -0.8, 0.8, 2, 3);
            case FLOOR: case CEIL: case ROUND: return t.uniform(3, 0.1, 0.4, 2, 3);
            case SIGN: case ABS: case RECIPROCAL: return t.uniform(4, 0.3, 1.5, 2, 3);
            default: return t.uniform(5, -1.2, 1.2, 2, 3);
        }
    }

    /**
     * Every UnaryOp is checked except these, whose result is boolean (no derivative; their rule gives
     * no tangent, see {@link #booleanOpsCarryNoDerivative}). A new op is covered by default.
     */
    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"NOT", "IS_NAN", "IS_FINITE"}, mode = EnumSource.Mode.EXCLUDE)
    void unaryRules(UnaryOp op) {
        Var x = domain(op);
        t.assertClose(o.constant(t.ts.unary(op, x.value())), o.unary(op, x), 0);
        t.check.check(v -> o.unary(op, v[0]), new Var[] {x}, 2);
        vmapMatchesLoop(v -> o.unary(op, v).sum(), x);
    }

    /**
     * Every BinaryOp is checked except the comparisons (EQ, NE, LT, LE, GT, GE) and the logical ops
     * (AND, OR): their result is boolean, piecewise constant in the operands, so they have no
     * derivative (see {@link #booleanOpsCarryNoDerivative}). A new op is covered by default.
     */
    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"EQ", "NE", "LT", "LE", "GT", "GE", "AND", "OR"}, mode = EnumSource.Mode.EXCLUDE)
    void binaryRulesWithBroadcasting(BinaryOp op) {
        boolean positive = EnumSet.of(BinaryOp.POW, BinaryOp.DIV, BinaryOp.MOD).contains(op);
        Var a = positive ? t.uniform(6, 0.2, 0.9, 2, 1, 3) : t.normal(6, 2, 1, 3);
        Var b = op == BinaryOp.MOD ? t.uniform(7, 2.0, 3.0, 4, 3) : positive ? t.uniform(7, 0.5, 1.5, 4, 3) : t.normal(7, 4, 3);
        t.assertClose(o.constant(t.ts.binary(op, a.value(), b.value())), o.binary(op, a, b), 0);
        t.check.check(v -> o.binary(op, v[0], v[1]), new Var[] {a, b}, 2);
        // batched against unbatched operand of higher rank, and both batched
        Var bs = op == BinaryOp.MOD ? t.uniform(8, 2.0, 3.0, 2, 4, 3) : positive ? t.uniform(8, 0.5, 1.5, 2, 4, 3) : t.normal(8, 2, 4, 3);
        Var got = ad.vmap((Var bv) -> o.binary(op, a, bv)).apply(bs);
        for (int i = 0; i < 2; i++) {
            Var bi = o.squeeze(o.sliceAxis(bs, 0, i, i + 1), 0);
            t.assertClose(o.binary(op, a, bi), o.squeeze(o.sliceAxis(got, 0, i, i + 1), 0), 1e-15);
        }
    }

    /** The ops excluded above: through a cast back to float64 the gradient is zero in both modes. */
    @Test
    void booleanOpsCarryNoDerivative() {
        Var a = t.normal(14, 2, 3);
        Var b = t.normal(15, 2, 3);
        double[] zeros = new double[6];
        for (BinaryOp op : new BinaryOp[] {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE}) {
            Function<Var, Var> f = v -> o.cast(o.binary(op, v, b), DType.FLOAT64).mul(v).sum();
            // d/dv Σ [v op b]·v = [v op b]: only the product's own term survives
            Var mask = o.cast(o.binary(op, a, b), DType.FLOAT64);
            t.assertClose(mask, ad.grad(f, a), 0);
            t.assertClose(o.sum(mask), ad.jvp(f, a, o.onesLike(a)).tangent(), 0);
        }
        Var pa = o.gt(a, o.scalar(DType.FLOAT64, 0));
        for (BinaryOp op : new BinaryOp[] {BinaryOp.AND, BinaryOp.OR}) {
            Function<Var, Var> f = v -> o.cast(o.binary(op, o.gt(v, o.scalar(DType.FLOAT64, 0)), pa), DType.FLOAT64).sum();
            t.assertClose(zeros, ad.grad(f, a), 0);
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.IS_NAN, UnaryOp.IS_FINITE}) {
            Function<Var, Var> f = v -> o.cast(o.unary(op, v), DType.FLOAT64).sum();
            t.assertClose(zeros, ad.grad(f, a), 0);
            t.assertClose(new double[] {0}, ad.jvp(f, a, o.onesLike(a)).tangent(), 0);
        }
        Function<Var, Var> not = v -> o.cast(o.unary(UnaryOp.NOT, o.gt(v, o.scalar(DType.FLOAT64, 0))), DType.FLOAT64).sum();
        t.assertClose(zeros, ad.grad(not, a), 0);
    }

    /** Every ReduceOp, no exclusion. */
    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reductionsOverAxesWithAndWithoutKeepDims(ReduceOp op) {
        Var x = op == ReduceOp.PROD ? t.uniform(9, 0.5, 1.5, 2, 3, 4) : t.normal(9, 2, 3, 4);
        for (int[] axes : new int[][] {{}, {1}, {0, 2}, {-1}}) {
            for (boolean keep : new boolean[] {false, true}) {
                t.assertClose(o.constant(t.ts.reduce(op, x.value(), keep, axes)), o.reduce(op, x, keep, axes), 0);
                t.check.check(v -> o.reduce(op, v[0], keep, axes), new Var[] {x}, 2);
            }
        }
        vmapMatchesLoop(v -> o.reduce(op, v, false, 1), x);
    }

    @Test
    void maxSplitsTheGradientOverTies() {
        Var x = t.vec(1.0, 3.0, 3.0, 2.0);
        t.assertClose(new double[] {0, 0.5, 0.5, 0}, ad.grad((Var v) -> o.max(v), x), 0);
    }

    @Test
    void shapeOps() {
        Var x = t.normal(10, 2, 3, 4);
        Var y = t.normal(11, 2, 1, 4);
        t.check.check(v -> o.reshape(v[0], 4, -1), new Var[] {x}, 2);
        t.check.check(v -> o.transpose(v[0], 2, 0, 1), new Var[] {x}, 2);
        t.check.check(v -> o.transpose(v[0]), new Var[] {x}, 2);
        t.check.check(v -> o.slice(v[0], new int[] {1, -1, 0}, new int[] {2, Integer.MIN_VALUE, 4}, new int[] {1, -2, 3}),
                new Var[] {x}, 2);
        t.check.check(v -> o.concat(1, v[0], v[1]), new Var[] {x, y}, 2);
        t.check.check(v -> o.stack(-1, v[0], v[0].mul(v[0])), new Var[] {x}, 2);
        t.check.check(v -> o.broadcastTo(v[0], 5, 2, 3, 4), new Var[] {y}, 2);
        t.check.check(v -> o.pad(v[0], new int[][] {{1, 0}, {0, 2}, {1, 1}}, 7.0), new Var[] {x}, 2);
        t.check.check(v -> o.squeeze(o.expandDims(v[0], 1), 1).mul(v[0]), new Var[] {x}, 2);
        t.check.check(v -> o.outer(v[0], v[1]), new Var[] {t.vec(1, 2, 3), t.vec(-1, 0.5)}, 2);
        t.check.check(v -> o.dot(v[0], v[1]), new Var[] {t.vec(1, 2, 3), t.vec(-1, 0.5, 2)}, 2);
        Var cond = o.gt(t.normal(12, 2, 3, 4), o.scalar(DType.FLOAT64, 0));
        t.check.check(v -> o.where(cond, v[0], v[1]), new Var[] {x, y}, 2);
        vmapMatchesLoop(v -> o.transpose(o.pad(o.slice(v, new int[] {0, 1}, new int[] {3, 4}, new int[] {2, 1}),
                new int[][] {{1, 1}, {0, 1}}, 0.0)), x);
    }

    @Test
    void castsBetweenFloatDtypesCarryTheDerivative() {
        Var x = t.normal(13, 3);
        Var g = ad.grad((Var v) -> o.cast(o.cast(v, DType.FLOAT32).mul(2.0), DType.FLOAT64).sum(), x);
        t.assertClose(new double[] {2, 2, 2}, g, 0);
        assertEquals(DType.FLOAT64, g.dtype());
    }

    @Test
    void stopGradientBlocksEveryMode() {
        Var x = t.vec(1.5, 2.5);
        t.assertClose(new double[] {1, 1}, ad.grad((Var v) -> o.stopGradient(v.mul(v)).add(v).sum(), x), 0);
        t.assertClose(new double[] {0, 0}, ad.jvp((Var v) -> o.stopGradient(v.exp()), x, t.vec(1, 1)).tangent(), 0);
        t.assertClose(new double[] {3, 5}, ad.hvp((Var v) -> v.mul(o.stopGradient(v)).mul(v).sum(), x, t.vec(1, 1)), 1e-15);
    }

    /** vmap(f)(xs) equals stacking f over the leading axis of xs. */
    private void vmapMatchesLoop(Function<Var, Var> f, Var xs) {
        Var batched = ad.vmap(f).apply(xs);
        for (int i = 0; i < xs.dim(0); i++) {
            Var xi = o.squeeze(o.sliceAxis(xs, 0, i, i + 1), 0);
            t.assertClose(f.apply(xi), o.squeeze(o.sliceAxis(batched, 0, i, i + 1), 0), 1e-14);
        }
    }
}
