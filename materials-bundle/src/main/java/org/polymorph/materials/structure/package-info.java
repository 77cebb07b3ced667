/**
 * Atomic structures: {@link org.polymorph.materials.structure.Atoms} (positions, types, masses,
 * cell) and {@link org.polymorph.materials.structure.Lattices}, the named lattices (diamond, fcc,
 * bcc, hcp, sc) in LAMMPS's atom order.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.materials.structure;
