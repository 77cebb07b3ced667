/**
 * Differentiable force-field fitting (Gangan et al., arXiv:2409.13844): the parameters of a
 * LAMMPS potential whose provider offers a fitting view (sw, edip, tersoff) are optimised so that simulated properties
 * (relaxed-ion elastic constants, zero pressure at a lattice constant, cohesive energy, phonon
 * frequencies; since 1.1.0 the vibrational density of states and the radial distribution
 * function of an MD trajectory) approach targets, with gradients computed by automatic differentiation through
 * the property calculations. {@link org.polymorph.materials.forcefield.Target} names a loss term,
 * {@link org.polymorph.materials.forcefield.Fit} describes a fit, which the ff.fit Method performs with
 * the fittable styles of the {@link org.polymorph.materials.potential.PotentialCatalog}
 * ({@link org.polymorph.materials.forcefield.FitResult} is its outcome).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.polymorph.materials.forcefield;
