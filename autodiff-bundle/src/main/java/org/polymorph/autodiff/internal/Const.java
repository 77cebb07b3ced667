package org.polymorph.autodiff.internal;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/** A Var that no transformation follows: a concrete tensor. */
final class Const implements Var {
    private final Engine engine;
    private final Tensor value;

    Const(Engine engine, Tensor value) {
        this.engine = engine;
        this.value = value;
    }

    @Override public Ops ops() { return engine; }
    @Override public Shape shape() { return value.shape(); }
    @Override public DType dtype() { return value.dtype(); }
    @Override public Tensor value() { return value; }
    @Override public String toString() { return "Const" + value.shape() + value.dtype(); }
}
