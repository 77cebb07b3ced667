/**
 * Boundaries: {@link org.polymorph.materials.space.Box} (free, periodic orthorhombic, periodic
 * triclinic) and {@link org.polymorph.materials.space.Space}, the differentiable displacement of
 * neighbour pairs as a function of positions and cell, so that forces and stress both come from
 * autodiff (stress is (1/V)·∂E/∂ε with the cell deformed as h(I + ε), as in ASE), and
 * {@link org.polymorph.materials.space.MinimumImage} for displacements.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.polymorph.materials.space;
