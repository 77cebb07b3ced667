package org.polymorph.autodiff.internal;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/** A Var followed by one trace; {@link #primal()} is the value one level down. */
abstract class Tracer implements Var {
    final Trace trace;

    Tracer(Trace trace) { this.trace = trace; }

    /** The value at the level below this trace. */
    abstract Var primal();

    @Override public Ops ops() { return trace.engine; }
    @Override public Shape shape() { return primal().shape(); }
    @Override public DType dtype() { return primal().dtype(); }
    @Override public Tensor value() { return primal().value(); }
    @Override public String toString() { return getClass().getSimpleName() + "@" + trace.level + shape() + dtype(); }
}
