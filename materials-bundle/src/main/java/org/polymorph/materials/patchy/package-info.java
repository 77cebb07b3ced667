/**
 * Patchy particles (King, Du, Zhu, Schoenholz, Brenner, PNAS 121, e2311891121 (2024)): rigid bodies made of core
 * spheres with attractive patches, in 2D and 3D. {@link org.polymorph.materials.patchy.PatchyModel} (body types,
 * {@link org.polymorph.materials.patchy.BodyType}, and the Morse {@link org.polymorph.materials.patchy.Cutoff}, with
 * jax-md's cut-off behaviour) and {@link org.polymorph.materials.patchy.PatchyParams} (patch positions, Morse ε and α
 * per patch-species pair, soft-sphere core repulsion) define the model;
 * {@link org.polymorph.materials.patchy.PatchyEnergy} is its energy in autodiff ops, differentiable in body
 * coordinates and every parameter; {@link org.polymorph.materials.patchy.PatchGeometry} places patches by angles.
 * {@link org.polymorph.materials.patchy.ClusterAnalysis} finds bonded clusters and target structures in a
 * configuration; {@link org.polymorph.materials.patchy.EquilibriumYields} gives the equilibrium yields of small
 * clusters by statistical mechanics (harmonic free energies at each cluster's minimum and mass action, after the
 * self-assembly toolbox of Krueger et al.), differentiable in the parameters;
 * {@link org.polymorph.materials.patchy.ClusterIntegral} the exact classical association constants by Monte Carlo
 * quadrature over the bonded region of the same {@link org.polymorph.materials.patchy.BondRule} the cluster analysis
 * uses; {@link org.polymorph.materials.patchy.MassAction} the shares at infinite volume and
 * {@link org.polymorph.materials.patchy.CanonicalEnsemble} those of a finite box of n bodies (an MD box).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.polymorph.materials.patchy;
