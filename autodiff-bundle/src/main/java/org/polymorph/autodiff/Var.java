package org.polymorph.autodiff;

import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/**
 * A value inside a differentiable computation: a concrete tensor, or a tracer that a
 * transformation ({@link AD#grad}, {@link AD#jvp}, {@link AD#vmap}, ...) follows through every op.
 * Evaluation is eager, so every Var, traced or not, has a concrete {@link #value()}. The fluent
 * methods are shorthands for {@link Ops}; build Vars with {@link Ops#constant} and friends.
 */
@ProviderType
public interface Var {
    /** The ops of the engine this Var belongs to. */
    Ops ops();

    /** Per-example shape (inside {@link AD#vmap}, without the batch axis). */
    Shape shape();

    DType dtype();

    /**
     * The concrete value. Reading it is invisible to differentiation (like {@link Ops#stopGradient});
     * use it for control flow and reporting, never to compute something that should carry a gradient.
     * Inside {@link AD#vmap} this is the value with the batch axis in front.
     */
    Tensor value();

    default int rank() { return shape().rank(); }
    default long size() { return shape().size(); }
    default int dim(int axis) { return shape().dim(axis); }
    /** The value of a size-1 Var as a double (see {@link #value()}). */
    default double item() { return ops().tensors().item(value()); }

    default Var add(Var o) { return ops().add(this, o); }
    default Var sub(Var o) { return ops().sub(this, o); }
    default Var mul(Var o) { return ops().mul(this, o); }
    default Var div(Var o) { return ops().div(this, o); }
    default Var pow(Var o) { return ops().pow(this, o); }
    default Var add(double c) { return ops().add(this, ops().scalarLike(this, c)); }
    default Var sub(double c) { return ops().sub(this, ops().scalarLike(this, c)); }
    default Var mul(double c) { return ops().mul(this, ops().scalarLike(this, c)); }
    default Var div(double c) { return ops().div(this, ops().scalarLike(this, c)); }
    default Var pow(double c) { return ops().pow(this, ops().scalarLike(this, c)); }
    default Var neg() { return ops().neg(this); }
    default Var exp() { return ops().exp(this); }
    default Var log() { return ops().log(this); }
    default Var sqrt() { return ops().sqrt(this); }
    default Var square() { return ops().square(this); }
    default Var abs() { return ops().abs(this); }
    default Var sin() { return ops().sin(this); }
    default Var cos() { return ops().cos(this); }
    default Var tanh() { return ops().tanh(this); }
    default Var sum(int... axes) { return ops().sum(this, axes); }
    default Var mean(int... axes) { return ops().mean(this, axes); }
    default Var matmul(Var o) { return ops().matmul(this, o); }
    default Var reshape(int... shape) { return ops().reshape(this, shape); }
    default Var transpose(int... perm) { return ops().transpose(this, perm); }
}
