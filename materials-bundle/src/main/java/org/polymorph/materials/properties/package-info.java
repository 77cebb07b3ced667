/**
 * Properties of atomic configurations and trajectories. Everything that a force-field fit may need
 * to differentiate is built from the Potential's differentiable energy and the autodiff engine:
 * {@link org.polymorph.materials.properties.Statics} (energy, forces, stress, pressure),
 * {@link org.polymorph.materials.properties.Elastic} (clamped- and relaxed-ion elastic constants),
 * {@link org.polymorph.materials.properties.Phonons} (force constants, dynamical matrices,
 * dispersions) and the smooth {@link org.polymorph.materials.properties.Rdf#smooth}. Trajectory
 * analysis ({@link org.polymorph.materials.properties.Rdf}, {@link org.polymorph.materials.properties.Trajectories})
 * is plain Java over frames. Units: metal (Å, eV, ps, amu, K), stress and elastic constants in GPa
 * where stated ({@link org.polymorph.materials.properties.Units}); stress = (1/V)∂E/∂ε (ASE's sign).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.polymorph.materials.properties;
