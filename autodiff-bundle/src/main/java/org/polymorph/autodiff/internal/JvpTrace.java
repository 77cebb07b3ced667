package org.polymorph.autodiff.internal;

import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.Primitive;

/** Forward mode: tracers carry a primal and a tangent; each primitive applies its JVP rule. */
final class JvpTrace extends Trace {
    JvpTrace(Engine engine, long level) { super(engine, level); }

    static final class JvpTracer extends Tracer {
        final Var primal;
        final Var tangent;

        JvpTracer(JvpTrace trace, Var primal, Var tangent) {
            super(trace);
            this.primal = primal;
            this.tangent = tangent;
        }

        @Override Var primal() { return primal; }
    }

    /** A tracer for an input; a null tangent leaves it untraced. */
    Var input(Var primal, Var tangent) {
        if (tangent == null || !primal.dtype().isFloating()) return primal;
        if (!tangent.shape().equals(primal.shape())) {
            throw new IllegalArgumentException("jvp: tangent shape " + tangent.shape() + " differs from primal shape "
                    + primal.shape() + "; give a tangent of the primal's shape");
        }
        return new JvpTracer(this, primal, engine.cast(tangent, primal.dtype()));
    }

    @Override
    Var[] process(Primitive p, Var[] args) {
        Var[] primals = new Var[args.length];
        Var[] tangents = new Var[args.length];
        for (int i = 0; i < args.length; i++) {
            if (owns(args[i])) {
                JvpTracer t = (JvpTracer) args[i];
                primals[i] = t.primal;
                tangents[i] = t.tangent;
            } else {
                primals[i] = args[i];
            }
        }
        Var[] outs = engine.bind(p, primals);
        Var[] touts = p.jvp(engine, primals, outs, tangents);
        Var[] result = new Var[outs.length];
        for (int j = 0; j < outs.length; j++) {
            Var t = touts == null ? null : touts[j];
            if (t == null || !outs[j].dtype().isFloating()) {
                result[j] = outs[j];
            } else {
                if (!t.shape().equals(outs[j].shape())) t = engine.broadcastTo(t, outs[j].shape().toArray());
                result[j] = new JvpTracer(this, outs[j], t);
            }
        }
        return result;
    }

    /** The primal of v at this level. */
    Var primalOf(Var v) { return owns(v) ? ((JvpTracer) v).primal : v; }

    /** The tangent of v (zeros when v does not depend on the inputs). */
    Var tangentOf(Var v) { return owns(v) ? ((JvpTracer) v).tangent : engine.zerosLike(v); }
}
