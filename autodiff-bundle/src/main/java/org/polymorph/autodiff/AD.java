package org.polymorph.autodiff;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The transformations. Arguments and results of the functions are pytrees ({@link Trees}) whose
 * leaves are Vars (Tensors are accepted as constants). Every transformation may be applied to a
 * function that itself uses transformations, to any depth: grad of grad, jvp of vjp, hvp as
 * forward-over-reverse. Forward mode is a real forward pass with tangents, not reverse mode twice.
 * Engines come from the {@link AutodiffService}.
 */
@ProviderType
public interface AD {
    Ops ops();

    PrimitiveRegistry primitives();

    /** d f / d x, of the structure of x; f must return a scalar (size-1) Var. */
    <T> T grad(Function<T, Var> f, T x);

    <T> ValueAndGrad<T> valueAndGrad(Function<T, Var> f, T x);

    /** As {@link #valueAndGrad}, for an f that also returns auxiliary data (not differentiated). */
    <T> ValueAndGrad<T> valueAndGradWithAux(Function<T, WithAux> f, T x);

    /** Reverse mode: f(x) and its pullback, which maps a cotangent of f's result to one of x. */
    <T, R> VjpResult<T, R> vjp(Function<T, R> f, T x);

    /** Forward mode: f(x) and its directional derivative along {@code tangent} (structure of x). */
    <T, R> JvpResult<R> jvp(Function<T, R> f, T x, T tangent);

    /** Hessian-vector product of a scalar f, forward-over-reverse. */
    <T> T hvp(Function<T, Var> f, T x, T v);

    /** Jacobian [out.shape..., x.shape...] by forward mode (one JVP per input element). */
    Var jacobianFwd(Function<Var, Var> f, Var x);

    /** Jacobian [out.shape..., x.shape...] by reverse mode (one VJP per output element). */
    Var jacobianRev(Function<Var, Var> f, Var x);

    /** Hessian [x.shape..., x.shape...] of a scalar f: forward over reverse. */
    Var hessian(Function<Var, Var> f, Var x);

    /**
     * Vectorises f over a leading axis of every leaf of its argument; the leaves of the result get
     * that axis in front. Values f closes over are not batched (per-example gradients close over
     * the parameters).
     */
    <T, R> Function<T, R> vmap(Function<T, R> f);

    /**
     * Applies a primitive defined outside the engine (a fused kernel, say) to Vars; every
     * transformation sees it through its rules. Its name must be registered in {@link #primitives()}.
     */
    Var[] apply(Primitive p, Var... args);

    /**
     * x*(θ), a root of g(·, θ) found by {@code solver} on concrete values, differentiated by the
     * implicit function theorem; the entry point of {@link Implicit}, which documents the arguments.
     */
    <T> Var implicitRoot(BiFunction<Var, T, Var> g, Function<T, Var> solver, T theta, Implicit.LinearSolve method);

    /** The identity with zero derivative, applied to every leaf. */
    <T> T stopGradient(T x);

    /**
     * f with a user-supplied VJP: {@code bwd(primals, outs, cotangents)} returns one cotangent per
     * input (null for none). Forward mode differentiates f itself.
     */
    Function<Var[], Var[]> customVjp(String name, Function<Var[], Var[]> f, CustomVjpRule bwd);

    /**
     * f with a user-supplied JVP, which must be linear in the tangents; reverse mode transposes it
     * by differentiating the rule with respect to the tangents.
     */
    Function<Var[], Var[]> customJvp(String name, Function<Var[], Var[]> f, CustomJvpRule jvp);

    /**
     * Rematerialisation: under reverse mode, f's intermediates are not kept; its VJP runs f again.
     * Memory falls to f's inputs and outputs, at the cost of a second forward pass.
     */
    <T, R> R checkpoint(Function<T, R> f, T x);

    /** {@code bwd(primals, outs, cotangents) -> cotangents of the inputs}. */
    @FunctionalInterface
    interface CustomVjpRule {
        Var[] apply(Var[] primals, Var[] outs, Var[] cotangents);
    }

    /** {@code jvp(primals, tangents) -> tangents of the outputs}; no tangent is null here. */
    @FunctionalInterface
    interface CustomJvpRule {
        Var[] apply(Var[] primals, Var[] tangents);
    }
}
