/**
 * Finite-width neural tangent kernels of any differentiable f(params, x): Θ(x1, x2) = Σ_leaves J(x1)·J(x2)ᵀ,
 * J = ∂f/∂params, computed by one of the three algorithms of Novak, Sohl-Dickstein and Schoenholz, "Fast Finite
 * Width Neural Tangent Kernel" (ICML 2022, arXiv 2206.08720), as neural-tangents' {@code empirical_ntk_fn}:
 * Jacobian contraction, NTK-vector products and structured derivatives ({@link org.polymorph.analysis.ntk.NtkImplementation}),
 * with trace and diagonal axes over the outputs and tiling over the rows of x1 and x2
 * ({@link org.polymorph.analysis.ntk.NtkOptions}).
 *
 * <pre>{@code
 * Ntk ntk = Ntk.of(ad, (params, x) -> myNet(params, x), NtkOptions.defaults());
 * Tensor theta = ntk.compute(params, x1, x2);       // (n1, n2): traced over the output axis
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.analysis.ntk;
