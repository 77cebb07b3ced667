package org.polymorph.autodiff;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * One application of a primitive op: its static parameters (axes, shapes, ...) are fields of the
 * implementing object, its operands are Vars. A primitive defines, in one place, the concrete
 * computation and its rules; the rules are written in {@link Ops}, so they are differentiable
 * themselves and derivatives of any order follow. A rule left out fails with an error that names
 * the primitive. Bundles that define primitives register their names with the
 * {@link PrimitiveRegistry}; a name that is not registered cannot be bound.
 */
@ConsumerType
public interface Primitive {
    /** The registered name, e.g. {@code sin} or {@code pair/lj}. */
    String name();

    /** Concrete evaluation on tensors of {@code ts}; returns one tensor per output. */
    Tensor[] apply(TensorService ts, Tensor[] args);

    /**
     * Forward mode: the output tangents, linear in {@code tangents}. A null tangent is a symbolic
     * zero (an operand without derivative); return null for an output whose tangent is zero.
     */
    default Var[] jvp(Ops ops, Var[] primals, Var[] outs, Var[] tangents) {
        throw missingRule(this, "JVP");
    }

    /**
     * Reverse mode: one cotangent per operand (null for none, and for integer or boolean
     * operands), given the cotangents of the outputs (null entries are zero).
     */
    default Var[] vjp(Ops ops, Var[] primals, Var[] outs, Var[] cotangents) {
        throw missingRule(this, "VJP");
    }

    /**
     * Batching (vmap): operands with {@code batched[i]} carry a leading batch axis of the same
     * length; return the outputs, each with a leading batch axis, or null to let the engine loop
     * over the batch (correct for every primitive, but slower).
     */
    default Var[] batch(Ops ops, Var[] args, boolean[] batched) {
        return null;
    }

    /** The error a transformation raises when a rule is missing. */
    static UnsupportedOperationException missingRule(Primitive p, String rule) {
        return new UnsupportedOperationException("Differentiation rule (" + rule + ") for primitive '"
                + p.name() + "' is not implemented; define " + rule.toLowerCase(java.util.Locale.ROOT)
                + "() in " + p.getClass().getName() + " or wrap the computation in AD.customVjp/customJvp");
    }
}
