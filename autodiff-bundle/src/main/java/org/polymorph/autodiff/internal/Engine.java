package org.polymorph.autodiff.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.prim.Argmax;
import org.polymorph.autodiff.internal.prim.Argsort;
import org.polymorph.autodiff.internal.prim.Binary;
import org.polymorph.autodiff.internal.prim.BroadcastTo;
import org.polymorph.autodiff.internal.prim.Builtin;
import org.polymorph.autodiff.internal.prim.Cast;
import org.polymorph.autodiff.internal.prim.Cholesky;
import org.polymorph.autodiff.internal.prim.Concat;
import org.polymorph.autodiff.internal.prim.Cumsum;
import org.polymorph.autodiff.internal.prim.Det;
import org.polymorph.autodiff.internal.prim.Eigh;
import org.polymorph.autodiff.internal.prim.Einsum;
import org.polymorph.autodiff.internal.prim.Inverse;
import org.polymorph.autodiff.internal.prim.Irfft;
import org.polymorph.autodiff.internal.prim.Matmul;
import org.polymorph.autodiff.internal.prim.Pad;
import org.polymorph.autodiff.internal.prim.Qr;
import org.polymorph.autodiff.internal.prim.Reduce;
import org.polymorph.autodiff.internal.prim.Reshape;
import org.polymorph.autodiff.internal.prim.Rfft;
import org.polymorph.autodiff.internal.prim.ScatterAdd;
import org.polymorph.autodiff.internal.prim.SegmentSum;
import org.polymorph.autodiff.internal.prim.Slice;
import org.polymorph.autodiff.internal.prim.Solve;
import org.polymorph.autodiff.internal.prim.StopGradient;
import org.polymorph.autodiff.internal.prim.Svd;
import org.polymorph.autodiff.internal.prim.Take;
import org.polymorph.autodiff.internal.prim.TakeAlongAxis;
import org.polymorph.autodiff.internal.prim.Transpose;
import org.polymorph.autodiff.internal.prim.Unary;
import org.polymorph.autodiff.internal.prim.Where;
import org.polymorph.autodiff.Primitive;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * The ops over one TensorService and the dispatch of primitives to the innermost active trace
 * ({@link #bind}). Trace levels come from a counter owned by the engine, so a trace created later
 * (inside another) always ranks higher.
 */
public final class Engine implements Ops {
    private final TensorService ts;
    private final Registry registry;
    private final TapeMeter tape = new TapeMeter();
    private final AtomicLong levels = new AtomicLong();

    /** An engine over {@code ts} whose bindable primitives are those of {@code registry} (the built-ins are added). */
    public Engine(TensorService ts, Registry registry) {
        if (ts == null) throw new IllegalArgumentException("Engine needs a TensorService; got null");
        this.ts = ts;
        this.registry = registry;
        BuiltinNames.registerAll(registry);
    }

    @Override public TensorService tensors() { return ts; }

    public Registry registry() { return registry; }

    public TapeMeter tape() { return tape; }

    long nextLevel() { return levels.incrementAndGet(); }

    /** Applies p to args at the innermost trace among them, or concretely when none is traced. */
    public Var[] bind(Primitive p, Var... args) {
        Trace top = null;
        for (Var a : args) {
            if (a instanceof Tracer t) {
                if (t.trace.engine != this) throw foreign(p, a);
                if (top == null || t.trace.level > top.level) top = t.trace;
            } else if (!(a instanceof Const) || a.ops() != this) {
                throw foreign(p, a);
            }
        }
        if (top != null) return top.process(p, args);
        if (!(p instanceof Builtin) && !registry.isRegistered(p.name())) {
            throw new IllegalStateException("primitive '" + p.name() + "' is not registered with this engine"
                    + " (its bundle may have stopped); register it with AD.primitives().register(name, owner)");
        }
        Tensor[] in = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) in[i] = ((Const) args[i]).value();
        Tensor[] out = p.apply(ts, in);
        Var[] vs = new Var[out.length];
        for (int i = 0; i < out.length; i++) vs[i] = new Const(this, out[i]);
        return vs;
    }

    public Var bind1(Primitive p, Var... args) { return bind(p, args)[0]; }

    @Override public Var[] apply(Primitive p, Var... args) { return bind(p, args); }

    private IllegalArgumentException foreign(Primitive p, Var a) {
        return new IllegalArgumentException(p.name() + ": operand " + a + (a == null ? "" : " belongs to another engine")
                + "; build Vars with this engine's ops (constant(...))");
    }

    /** Example b of a batched value (axis 0 removed). */
    Var indexAxis0(Var v, int b) { return squeeze(sliceAxis(v, 0, b, b + 1), 0); }

    // ---- creation ----
    @Override public Var constant(Tensor t) {
        if (t == null) throw new IllegalArgumentException("constant: tensor is null");
        return new Const(this, t);
    }

    @Override public boolean isConstant(Var x) { return x instanceof Const && x.ops() == this; }

    // ---- elementwise ----
    @Override public Var unary(UnaryOp op, Var x) { return bind1(new Unary(op), x); }
    @Override public Var binary(BinaryOp op, Var a, Var b) { return bind1(new Binary(op), a, b); }
    @Override public Var where(Var cond, Var a, Var b) { return bind1(new Where(), cond, a, b); }
    @Override public Var cast(Var x, DType dtype) { return x.dtype() == dtype ? x : bind1(new Cast(dtype), x); }
    @Override public Var stopGradient(Var x) { return bind1(new StopGradient(), x); }

    // ---- reductions ----
    @Override public Var reduce(ReduceOp op, Var x, boolean keepDims, int... axes) {
        return bind1(new Reduce(op, keepDims, axes, x.rank()), x);
    }

    @Override public Var argmax(Var x, int axis, boolean keepDims) {
        return bind1(new Argmax(x.shape().normalizeAxis(axis), keepDims), x);
    }

    // ---- contractions ----
    @Override public Var matmul(Var a, Var b) { return bind1(new Matmul(), a, b); }
    @Override public Var dot(Var a, Var b) { return matmul(a, b); }
    @Override public Var outer(Var a, Var b) { return mul(reshape(a, -1, 1), reshape(b, 1, -1)); }

    // ---- shape ----
    @Override public Var reshape(Var x, int... shape) {
        int[] s = Reshape.resolve(shape, x.size(), x.shape());
        if (java.util.Arrays.equals(s, x.shape().toArray())) return x;
        return bind1(new Reshape(s), x);
    }

    @Override public Var transpose(Var x, int... perm) { return bind1(new Transpose(Transpose.normalise(perm, x.rank())), x); }

    @Override public Var slice(Var x, int[] start, int[] stop, int[] step) {
        return bind1(new Slice(x.shape().toArray(), start, stop, step), x);
    }

    @Override public Var concat(int axis, Var... xs) {
        if (xs == null || xs.length == 0) throw new IllegalArgumentException("concat: no operands; pass at least one Var");
        return bind1(new Concat(xs[0].shape().normalizeAxis(axis)), xs);
    }

    @Override public Var stack(int axis, Var... xs) {
        if (xs == null || xs.length == 0) throw new IllegalArgumentException("stack: no operands; pass at least one Var");
        int r = xs[0].rank() + 1;
        int a = axis < 0 ? axis + r : axis;
        Var[] ex = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) ex[i] = expandDims(xs[i], a);
        return concat(a, ex);
    }

    @Override public Var broadcastTo(Var x, int... shape) {
        if (java.util.Arrays.equals(shape, x.shape().toArray())) return x;
        return bind1(new BroadcastTo(shape), x);
    }

    @Override public Var pad(Var x, int[][] padWidths, double value) { return bind1(new Pad(padWidths, value), x); }

    @Override public Var expandDims(Var x, int axis) {
        int r = x.rank() + 1;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) throw new IllegalArgumentException("expandDims: axis " + axis + " out of range for shape " + x.shape());
        int[] s = new int[r];
        int[] xs = x.shape().toArray();
        for (int i = 0, j = 0; i < r; i++) s[i] = i == a ? 1 : xs[j++];
        return reshape(x, s);
    }

    @Override public Var squeeze(Var x, int axis) {
        int a = x.shape().normalizeAxis(axis);
        if (x.dim(a) != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + x.shape() + " has length " + x.dim(a) + ", not 1");
        int[] xs = x.shape().toArray();
        int[] s = new int[xs.length - 1];
        for (int i = 0, j = 0; i < xs.length; i++) if (i != a) s[j++] = xs[i];
        return reshape(x, s);
    }

    // ---- contractions (einsum) ----
    @Override public Var einsum(String spec, Var... operands) {
        if (operands == null || operands.length == 0) throw new IllegalArgumentException("einsum '" + spec + "': no operands; pass at least one Var");
        int[][] shapes = new int[operands.length][];
        for (int i = 0; i < operands.length; i++) shapes[i] = operands[i].shape().toArray();
        Einsum.Plan plan = Einsum.plan(spec, shapes);
        Var[] args = operands.clone();
        for (int i = 0; i < args.length; i++) if (plan.broadcast()[i] != null) args[i] = broadcastTo(args[i], plan.broadcast()[i]);
        return bind1(new Einsum(plan.in(), plan.out()), args);
    }

    // ---- indexing ----
    @Override public Var take(Var x, Var indices, int axis) { return bind1(new Take(x.shape().normalizeAxis(axis)), x, indices); }

    @Override public Var takeAlongAxis(Var x, Var indices, int axis) {
        return bind1(new TakeAlongAxis(x.shape().normalizeAxis(axis)), x, indices);
    }

    @Override public Var scatterAdd(Var target, Var indices, Var updates, int axis) {
        return bind1(new ScatterAdd(target.shape().normalizeAxis(axis)), target, indices, updates);
    }

    @Override public Var segmentSum(Var data, Var segmentIds, int numSegments) {
        return bind1(new SegmentSum(numSegments), data, segmentIds);
    }

    @Override public Var cumsum(Var x, int axis) { return bind1(new Cumsum(x.shape().normalizeAxis(axis)), x); }

    /** argsort, then a gather: the derivative is take_along_axis's. */
    @Override public Var sort(Var x, int axis) {
        int a = x.shape().normalizeAxis(axis);
        return takeAlongAxis(x, argsort(x, a), a);
    }

    @Override public Var argsort(Var x, int axis) { return bind1(new Argsort(x.shape().normalizeAxis(axis)), x); }

    // ---- linear algebra ----
    @Override public Var solve(Var a, Var b) { return bind1(new Solve(Solve.isVector(a.rank(), b.rank())), a, b); }
    @Override public Var inverse(Var a) { return bind1(new Inverse(), a); }
    @Override public Var det(Var a) { return bind1(new Det(), a); }
    @Override public Var cholesky(Var a) { return bind1(new Cholesky(), a); }
    @Override public Var[] eigh(Var a) { return bind(new Eigh(), a); }
    @Override public Var[] qr(Var a) { return bind(new Qr(), a); }
    @Override public Var[] svd(Var a) { return bind(new Svd(), a); }

    // ---- FFT ----
    @Override public Var[] rfft(Var x) { return bind(new Rfft(), x); }

    @Override public Var irfft(Var re, Var im, int n) {
        if (!re.shape().equals(im.shape())) {
            throw new IllegalArgumentException("irfft: real part " + re.shape() + " and imaginary part " + im.shape()
                    + " differ; give parts of one shape");
        }
        return bind1(new Irfft(n), re, im);
    }
}
