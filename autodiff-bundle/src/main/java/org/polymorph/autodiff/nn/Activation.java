package org.polymorph.autodiff.nn;

import java.util.function.UnaryOperator;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/** An elementwise function as a layer without parameters; the output shape is the input shape. */
public final class Activation implements StatelessLayer {
    private final String name;
    private final UnaryOperator<Var> fn;

    /** {@code name} is used in messages and {@link #toString()}. */
    public Activation(String name, UnaryOperator<Var> fn) {
        if (fn == null) throw new IllegalArgumentException("Activation " + name + ": function is null");
        this.name = name;
        this.fn = fn;
    }

    public static Activation relu() { return new Activation("relu", Activations::relu); }
    public static Activation gelu() { return new Activation("gelu", Activations::gelu); }
    public static Activation tanh() { return new Activation("tanh", Activations::tanh); }
    public static Activation sigmoid() { return new Activation("sigmoid", Activations::sigmoid); }
    public static Activation softplus() { return new Activation("softplus", Activations::softplus); }
    public static Activation swish() { return new Activation("swish", Activations::swish); }
    public static Activation erf() { return new Activation("erf", Activations::erf); }

    @Override public Object initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) { return Layer.noState(); }

    @Override public Shape outputShape(Shape inputShape) { return inputShape; }

    @Override public Var apply(Object params, Var x, Context ctx) { return fn.apply(x); }

    @Override public String toString() { return "Activation(" + name + ")"; }
}
