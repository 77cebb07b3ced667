/**
 * Automatic differentiation: {@link org.polymorph.autodiff.Var}, the differentiable
 * {@link org.polymorph.autodiff.Ops} and the transformations of {@link org.polymorph.autodiff.AD}
 * (grad, valueAndGrad, vjp, jvp, hvp, jacobian, hessian, vmap, custom rules, implicit
 * differentiation, checkpointed loops), plus {@link org.polymorph.autodiff.GradCheck}. Engines come
 * from the {@link org.polymorph.autodiff.AutodiffService} the autodiff bundle registers. The primitive SPI
 * lives here too: a {@link org.polymorph.autodiff.Primitive} carries its concrete evaluation, JVP, VJP and
 * batching rules side by side, written in {@link org.polymorph.autodiff.Ops} (JAX's layout), and the
 * {@link org.polymorph.autodiff.PrimitiveRegistry} records which bundle owns which primitive names. Fused
 * kernels (pair potentials, integrator steps) are primitives.
 *
 * <p>The design follows JAX's: every op is a primitive with a JVP, a VJP and a batching rule
 * written in differentiable ops, and transformations are traces that nest to any order. Evaluation
 * is eager: a tracer always carries its concrete value. Inputs and outputs may be pytrees: a Var or
 * Tensor, or a List, Map, array or record of pytrees (see {@link org.polymorph.autodiff.Trees}).
 *
 * <pre>{@code
 * AD ad = autodiffService.create(tensorService);     // the AutodiffService, injected
 * Ops o = ad.ops();
 * Var x = o.constant(tensorService.fromArray(new double[] {1, 2, 3}, 3));
 * Var g = ad.grad(v -> v.sin().mul(v).sum(), x);        // cos(x)·x + sin(x)
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.polymorph.autodiff;
