/**
 * The primitive SPI: a {@link org.polymorph.autodiff.primitive.Primitive} carries its concrete
 * evaluation, JVP, VJP and batching rules side by side (JAX's layout), and the
 * {@link org.polymorph.autodiff.primitive.PrimitiveRegistry} records which bundle owns which
 * primitive names. Fused kernels (pair potentials, integrator steps) are primitives.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.autodiff.primitive;
