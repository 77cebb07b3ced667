/**
 * The potential SPI: {@link org.polymorph.materials.potential.Potential} (a fused kernel and a
 * differentiable energy, which must agree) and its
 * {@link org.polymorph.materials.potential.Evaluation}; since 1.2.0 the pair styles as services,
 * {@link org.polymorph.materials.potential.PotentialProvider} (values, files, capabilities, factory;
 * {@link org.polymorph.materials.potential.PotentialParameter},
 * {@link org.polymorph.materials.potential.PotentialValues},
 * {@link org.polymorph.materials.potential.FittableStyle}), found through the
 * {@link org.polymorph.materials.potential.PotentialCatalog}, and the pair-sum kernels a custom pair
 * style is written from ({@link org.polymorph.materials.potential.PairSum},
 * {@link org.polymorph.materials.potential.HalfListWalk}). The built-in styles live in
 * {@code internal.potential}, one class per LAMMPS pair style; their parameter files are read as LAMMPS
 * reads them. Since 1.3.0 {@link org.polymorph.materials.potential.PotentialValues} knows which names
 * {@code overrides=} gave, and names that parameter when one of their values is malformed; since 1.4.0
 * it reads a value's list of numbers ({@code epsilon=0.0104/0.0050}: one per type or type pair) for every style; since 1.5.0
 * a kernel may give second derivatives, {@link org.polymorph.materials.potential.SecondOrder} (Hessian-vector and
 * mixed parameter products in the list's extended coordinates).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.polymorph.materials.potential;
