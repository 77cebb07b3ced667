/**
 * Rigid bodies as unions of points (jax-md's {@code rigid_body}, LAMMPS's RIGID package, HOOMD's
 * {@code md.constrain.Rigid}): unit {@link org.polymorph.materials.rigid.Quaternion}s (w, x, y, z),
 * {@link org.polymorph.materials.rigid.Shape}s (body-frame points with species and masses, in the
 * principal frame of their inertia tensor), the state of a system of bodies
 * ({@link org.polymorph.materials.rigid.RigidBodies}: centres, orientations, momenta, angular momenta,
 * shape per body; 3D with quaternions, 2D with angles), the map from bodies to point positions and
 * from point forces to centre forces and torques ({@link org.polymorph.materials.rigid.RigidSystem}),
 * and integrators as {@code init/step} pairs over an immutable
 * {@link org.polymorph.materials.rigid.RigidState} ({@link org.polymorph.materials.rigid.RigidIntegrator};
 * NVE by Miller et al.'s NO_SQUISH splitting, Nosé–Hoover chains and Langevin, implemented inside the
 * bundle). Point energies come from any {@link org.polymorph.materials.dynamics.ForceField}; pairs
 * inside one body are excluded by default, as in LAMMPS and HOOMD.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.materials.rigid;
