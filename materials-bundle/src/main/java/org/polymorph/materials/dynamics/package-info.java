/**
 * Molecular dynamics in the style of jax-md: an {@link org.polymorph.materials.dynamics.Integrator}
 * is a pair of functions {@code init(key, atoms, T) → State} and {@code step(State) → State} over an
 * immutable {@link org.polymorph.materials.dynamics.State}; forces come from a
 * {@link org.polymorph.materials.dynamics.ForceField} (a Potential plus a neighbour list kept with
 * the skin criterion, or a LAMMPS-style {@link org.polymorph.materials.dynamics.NeighborUpdate}
 * policy). The integrators (implemented inside the bundle, used by its Methods) are NVE velocity
 * Verlet, Langevin BAOAB, Nosé–Hoover chains and MTK NPT; temperatures and pressures follow a
 * {@link org.polymorph.materials.dynamics.Ramp}. Units are a parameter
 * ({@link org.polymorph.materials.dynamics.UnitSystem}: LAMMPS metal or LJ reduced); time steps
 * are in the system's time unit (ps for metal).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.3.0")
package org.polymorph.materials.dynamics;
