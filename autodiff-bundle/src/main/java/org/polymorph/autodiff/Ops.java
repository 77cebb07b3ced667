package org.polymorph.autodiff;

import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * The differentiable ops over {@link Var}s: the {@link TensorService} ops, each a primitive with
 * JVP, VJP and batching rules. Semantics (broadcasting, axes, dtypes, errors) are the
 * TensorService's. Integer and boolean results carry no derivative.
 */
@ProviderType
public interface Ops {
    TensorService tensors();

    // ---- creation ----
    /** A Var with no derivative, wrapping a tensor of {@link #tensors()}. */
    Var constant(Tensor t);
    default Var constant(double[] data, int... shape) { return constant(tensors().fromArray(data, shape)); }
    default Var scalar(DType dtype, double value) { return constant(tensors().scalar(dtype, value)); }
    /** A rank-0 constant of x's dtype. */
    default Var scalarLike(Var x, double value) { return scalar(x.dtype(), value); }
    default Var zerosLike(Var x) { return constant(tensors().zeros(x.dtype(), x.shape().toArray())); }
    default Var onesLike(Var x) { return constant(tensors().ones(x.dtype(), x.shape().toArray())); }

    /**
     * Whether {@code x} is a plain constant of this engine: no transformation ({@link AD#grad},
     * {@link AD#jvp}, {@link AD#vmap}, ...) follows it, so a computation on its {@link Var#value()}
     * outside these ops loses no derivative (fast paths for values nothing differentiates).
     *
     * @since 2.1.0
     */
    boolean isConstant(Var x);

    /**
     * Applies a primitive to Vars at the innermost trace among them: how a rule written in these ops
     * binds another primitive (its adjoint, say). Its name must be registered in the engine's
     * registry; built-in primitives always are.
     *
     * @since 2.0.0
     */
    Var[] apply(Primitive p, Var... args);

    // ---- elementwise ----
    Var unary(UnaryOp op, Var x);
    Var binary(BinaryOp op, Var a, Var b);
    /** cond (BOOL, no derivative) ? a : b; the unselected branch contributes no derivative, even if NaN. */
    Var where(Var cond, Var a, Var b);
    Var cast(Var x, DType dtype);
    /** The identity with a zero derivative. */
    Var stopGradient(Var x);

    default Var add(Var a, Var b) { return binary(BinaryOp.ADD, a, b); }
    default Var sub(Var a, Var b) { return binary(BinaryOp.SUB, a, b); }
    default Var mul(Var a, Var b) { return binary(BinaryOp.MUL, a, b); }
    default Var div(Var a, Var b) { return binary(BinaryOp.DIV, a, b); }
    default Var pow(Var a, Var b) { return binary(BinaryOp.POW, a, b); }
    /** Ties split the derivative equally, as in JAX. */
    default Var maximum(Var a, Var b) { return binary(BinaryOp.MAXIMUM, a, b); }
    default Var minimum(Var a, Var b) { return binary(BinaryOp.MINIMUM, a, b); }
    default Var gt(Var a, Var b) { return binary(BinaryOp.GT, a, b); }
    default Var lt(Var a, Var b) { return binary(BinaryOp.LT, a, b); }
    default Var neg(Var x) { return unary(UnaryOp.NEG, x); }
    default Var exp(Var x) { return unary(UnaryOp.EXP, x); }
    default Var log(Var x) { return unary(UnaryOp.LOG, x); }
    default Var log1p(Var x) { return unary(UnaryOp.LOG1P, x); }
    default Var expm1(Var x) { return unary(UnaryOp.EXPM1, x); }
    default Var sin(Var x) { return unary(UnaryOp.SIN, x); }
    default Var cos(Var x) { return unary(UnaryOp.COS, x); }
    default Var tanh(Var x) { return unary(UnaryOp.TANH, x); }
    default Var sqrt(Var x) { return unary(UnaryOp.SQRT, x); }
    default Var rsqrt(Var x) { return unary(UnaryOp.RSQRT, x); }
    default Var abs(Var x) { return unary(UnaryOp.ABS, x); }
    default Var sign(Var x) { return unary(UnaryOp.SIGN, x); }
    default Var square(Var x) { return unary(UnaryOp.SQUARE, x); }
    default Var sigmoid(Var x) { return unary(UnaryOp.SIGMOID, x); }
    default Var erf(Var x) { return unary(UnaryOp.ERF, x); }

    // ---- reductions ----
    Var reduce(ReduceOp op, Var x, boolean keepDims, int... axes);
    /** INT64 indices, no derivative. */
    Var argmax(Var x, int axis, boolean keepDims);
    default Var sum(Var x, int... axes) { return reduce(ReduceOp.SUM, x, false, axes); }
    default Var mean(Var x, int... axes) { return reduce(ReduceOp.MEAN, x, false, axes); }
    default Var max(Var x, int... axes) { return reduce(ReduceOp.MAX, x, false, axes); }
    default Var logsumexp(Var x, boolean keepDims, int... axes) { return reduce(ReduceOp.LOGSUMEXP, x, keepDims, axes); }

    // ---- contractions ----
    Var matmul(Var a, Var b);
    /** Inner product of 1-D Vars, matmul otherwise. */
    Var dot(Var a, Var b);
    Var outer(Var a, Var b);
    Var einsum(String spec, Var... operands);

    // ---- shape ----
    Var reshape(Var x, int... shape);
    Var transpose(Var x, int... perm);
    Var slice(Var x, int[] start, int[] stop, int[] step);
    /** x[..., start:stop, ...] along one axis (step 1). */
    default Var sliceAxis(Var x, int axis, int start, int stop) {
        int r = x.rank();
        int a = x.shape().normalizeAxis(axis);
        int[] lo = new int[r];
        int[] hi = x.shape().toArray();
        int[] step = new int[r];
        java.util.Arrays.fill(step, 1);
        lo[a] = start;
        hi[a] = stop;
        return slice(x, lo, hi, step);
    }
    Var concat(int axis, Var... xs);
    Var stack(int axis, Var... xs);
    Var broadcastTo(Var x, int... shape);
    Var pad(Var x, int[][] padWidths, double value);
    Var expandDims(Var x, int axis);
    /** Removes one length-1 axis. */
    Var squeeze(Var x, int axis);

    // ---- indexing ----
    Var take(Var x, Var indices, int axis);
    Var takeAlongAxis(Var x, Var indices, int axis);
    Var scatterAdd(Var target, Var indices, Var updates, int axis);
    Var segmentSum(Var data, Var segmentIds, int numSegments);
    Var cumsum(Var x, int axis);
    Var sort(Var x, int axis);
    /** INT64, no derivative. */
    Var argsort(Var x, int axis);

    // ---- linear algebra over the last two axes ----
    Var solve(Var a, Var b);
    Var inverse(Var a);
    Var det(Var a);
    Var cholesky(Var a);
    /** {values [..., n], vectors [..., n, n]}; the derivative assumes distinct eigenvalues (degenerate pairs get a zero coupling). */
    Var[] eigh(Var a);
    /** {q, r}, reduced. */
    Var[] qr(Var a);
    /** {u, s, vt}, reduced. */
    Var[] svd(Var a);

    // ---- FFT along the last axis ----
    /** {re, im} of numpy.fft.rfft. */
    Var[] rfft(Var x);
    /** numpy.fft.irfft of re + i·im with output length n. */
    Var irfft(Var re, Var im, int n);
}
