package org.polymorph.autodiff.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.Primitive;

/**
 * Reverse mode: every primitive applied to a tracer of this trace is recorded as a {@link Node}
 * with its operands and outputs (the residuals). {@link #backward} walks the nodes in reverse
 * creation order (a topological order) and applies the VJP rules, written in differentiable ops,
 * so the backward pass is itself traced by any enclosing transformation.
 */
final class VjpTrace extends Trace {
    private long nextId;
    private long tracked;

    VjpTrace(Engine engine, long level) { super(engine, level); }

    static final class Node {
        final long id;
        Primitive prim;
        Var[] primals;
        Var[] outs;
        VjpTracer[] parents;
        VjpTracer[] outTracers;
        final long bytes;

        Node(long id, Primitive prim, Var[] primals, Var[] outs, VjpTracer[] parents) {
            this.id = id;
            this.prim = prim;
            this.primals = primals;
            this.outs = outs;
            this.parents = parents;
            long b = 0;
            for (Var o : outs) b += o.size() * o.dtype().byteSize();
            this.bytes = b;
        }
    }

    static final class VjpTracer extends Tracer {
        final Var primal;
        final Node node;     // null for an input

        VjpTracer(VjpTrace trace, Var primal, Node node) {
            super(trace);
            this.primal = primal;
            this.node = node;
        }

        @Override Var primal() { return primal; }
    }

    /** A tracer for an input leaf; integer and boolean leaves stay untraced. */
    Var input(Var primal) {
        return primal.dtype().isFloating() ? new VjpTracer(this, primal, null) : primal;
    }

    @Override
    Var[] process(Primitive p, Var[] args) {
        Var[] primals = new Var[args.length];
        VjpTracer[] parents = new VjpTracer[args.length];
        for (int i = 0; i < args.length; i++) {
            if (owns(args[i])) {
                parents[i] = (VjpTracer) args[i];
                primals[i] = parents[i].primal;
            } else {
                primals[i] = args[i];
            }
        }
        Var[] outs = engine.bind(p, primals);
        Node node = new Node(nextId++, p, primals, outs, parents);
        engine.tape().add(node.bytes);
        tracked += node.bytes;
        node.outTracers = new VjpTracer[outs.length];
        Var[] result = new Var[outs.length];
        for (int j = 0; j < outs.length; j++) {
            if (outs[j].dtype().isFloating()) {
                node.outTracers[j] = new VjpTracer(this, outs[j], node);
                result[j] = node.outTracers[j];
            } else {
                result[j] = outs[j];
            }
        }
        return result;
    }

    Var primalOf(Var v) { return owns(v) ? ((VjpTracer) v).primal : v; }

    /**
     * Cotangents of {@code inputs} given cotangents {@code cts} of {@code outputs}; null where an
     * input gets none. With {@code release}, each node's residuals are dropped once used (the
     * tape can then be walked only once).
     */
    Var[] backward(List<Var> outputs, List<Var> cts, List<Var> inputs, boolean release) {
        Map<VjpTracer, Var> acc = new IdentityHashMap<>();
        List<Node> nodes = new ArrayList<>();
        ArrayDeque<VjpTracer> stack = new ArrayDeque<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Var o = outputs.get(i);
            if (!owns(o) || cts.get(i) == null) continue;
            VjpTracer t = (VjpTracer) o;
            acc.merge(t, cts.get(i), engine::add);
            stack.push(t);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop().node;
            if (n == null || seen.put(n, Boolean.TRUE) != null) continue;
            if (n.prim == null) throw new IllegalStateException("this tape was already walked and released; take a new vjp");
            nodes.add(n);
            for (VjpTracer p : n.parents) if (p != null) stack.push(p);
        }
        nodes.sort(Comparator.comparingLong((Node n) -> n.id).reversed());
        for (Node n : nodes) {
            Var[] outCts = new Var[n.outs.length];
            boolean any = false;
            for (int j = 0; j < outCts.length; j++) {
                if (n.outTracers[j] != null) outCts[j] = acc.remove(n.outTracers[j]);
                any |= outCts[j] != null;
            }
            if (any) {
                Var[] inCts = n.prim.vjp(engine, n.primals, n.outs, outCts);
                for (int i = 0; i < n.parents.length; i++) {
                    if (n.parents[i] != null && inCts[i] != null) {
                        acc.merge(n.parents[i], fit(inCts[i], n.parents[i].primal), engine::add);
                    }
                }
            }
            if (release) {
                engine.tape().release(n.bytes);
                tracked -= n.bytes;
                n.prim = null;
                n.primals = null;
                n.outs = null;
                n.parents = new VjpTracer[0];
            }
        }
        Var[] result = new Var[inputs.size()];
        for (int i = 0; i < result.length; i++) {
            Var in = inputs.get(i);
            result[i] = owns(in) ? acc.get((VjpTracer) in) : null;
        }
        return result;
    }

    private Var fit(Var ct, Var primal) {
        if (!ct.shape().equals(primal.shape())) {
            throw new IllegalStateException("VJP rule returned a cotangent of shape " + ct.shape()
                    + " for an operand of shape " + primal.shape());
        }
        return ct.dtype() == primal.dtype() ? ct : engine.cast(ct, primal.dtype());
    }

    /**
     * Stops counting this tape in the meter (a vjp whose pullback may live on): the peak of the
     * forward pass is kept, the bytes leave {@link TapeMeter#live()}.
     */
    void untrack() {
        engine.tape().release(tracked);
        tracked = 0;
    }
}
