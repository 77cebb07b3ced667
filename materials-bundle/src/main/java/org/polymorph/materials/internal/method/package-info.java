/**
 * The materials Methods (md.evaluate, md.run, md.minimize, md.elastic, md.phonons, md.rdf, md.vdos)
 * and benchmarks (bench.md.lj, bench.md.sw): parameter validation (potentials come from the
 * {@link org.polymorph.materials.potential.PotentialCatalog} each Method is given), structure specs
 * ({@link org.polymorph.materials.internal.method.Structures}) and run-directory outputs. Units are
 * LAMMPS metal (Å, eV, ps, amu, K) with stress and pressure in GPa, stress = (1/V)·∂E/∂ε (ASE's sign).
 */
package org.polymorph.materials.internal.method;
