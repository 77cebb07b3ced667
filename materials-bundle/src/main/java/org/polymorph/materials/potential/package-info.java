/**
 * The potential SPI: {@link org.polymorph.materials.potential.Potential} (a fused kernel and a
 * differentiable energy, which must agree) and its
 * {@link org.polymorph.materials.potential.Evaluation}. Implementations live in
 * {@code internal.potential}, one class per LAMMPS pair style; their parameter files are read as
 * LAMMPS reads them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.polymorph.materials.potential;
