package org.polymorph.autodiff.internal;

import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.Primitive;
import org.polymorph.core.tensor.Shape;

/**
 * vmap: tracers carry a value with a leading batch axis of length {@link #size}. Each primitive
 * applies its batching rule; one without a rule is applied per example and the results stacked.
 */
final class BatchTrace extends Trace {
    final int size;

    BatchTrace(Engine engine, long level, int size) {
        super(engine, level);
        this.size = size;
    }

    static final class BatchTracer extends Tracer {
        final Var batched;

        BatchTracer(BatchTrace trace, Var batched) {
            super(trace);
            this.batched = batched;
        }

        @Override Var primal() { return batched; }

        /** The per-example shape: the batched value's shape without its leading axis. */
        @Override public Shape shape() {
            int[] s = batched.shape().toArray();
            return Shape.of(java.util.Arrays.copyOfRange(s, 1, s.length));
        }
    }

    Var input(Var batched) {
        if (batched.rank() == 0 || batched.dim(0) != size) {
            throw new IllegalArgumentException("vmap: every leaf needs a leading batch axis of length " + size
                    + ", got shape " + batched.shape());
        }
        return new BatchTracer(this, batched);
    }

    @Override
    Var[] process(Primitive p, Var[] args) {
        Var[] vals = new Var[args.length];
        boolean[] batched = new boolean[args.length];
        for (int i = 0; i < args.length; i++) {
            batched[i] = owns(args[i]);
            vals[i] = batched[i] ? ((BatchTracer) args[i]).batched : args[i];
        }
        Var[] outs = p.batch(engine, vals, batched);
        if (outs == null) outs = perExample(p, vals, batched);
        Var[] result = new Var[outs.length];
        for (int j = 0; j < outs.length; j++) result[j] = new BatchTracer(this, outs[j]);
        return result;
    }

    /** The generic rule: apply p to each example and stack the results along a new axis 0. */
    private Var[] perExample(Primitive p, Var[] vals, boolean[] batched) {
        Var[][] rows = new Var[size][];
        for (int b = 0; b < size; b++) {
            Var[] per = new Var[vals.length];
            for (int i = 0; i < vals.length; i++) per[i] = batched[i] ? engine.indexAxis0(vals[i], b) : vals[i];
            rows[b] = engine.bind(p, per);
        }
        Var[] outs = new Var[rows[0].length];
        for (int j = 0; j < outs.length; j++) {
            Var[] col = new Var[size];
            for (int b = 0; b < size; b++) col[b] = rows[b][j];
            outs[j] = engine.stack(0, col);
        }
        return outs;
    }

    /** The batched value of v with the batch axis in front (unbatched values are broadcast). */
    Var batchedOf(Var v) {
        if (owns(v)) return ((BatchTracer) v).batched;
        int[] s = new int[v.rank() + 1];
        s[0] = size;
        System.arraycopy(v.shape().toArray(), 0, s, 1, v.rank());
        return engine.broadcastTo(engine.expandDims(v, 0), s);
    }
}
