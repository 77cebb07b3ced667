/**
 * Structure and trajectory files: extended XYZ (ASE's extxyz), VASP POSCAR/CONTCAR, CIF (read with
 * symmetry expansion to P1, write P1), LAMMPS data (atom_style atomic) and LAMMPS dump (custom).
 * The readers and writers are inside the bundle (its Methods take and write these files);
 * multi-frame files are read through a {@link org.polymorph.materials.io.FrameReader} and written
 * through a {@link org.polymorph.materials.io.FrameWriter}, one {@link org.polymorph.materials.io.Frame}
 * (atoms, optional velocities and forces, key=value info) at a time.
 *
 * <p>Conventions: Å, and the rows of the cell matrix are the lattice vectors (as {@code Box}).
 * Masses of element symbols come from {@link org.polymorph.materials.io.Elements} (IUPAC standard
 * atomic weights). Malformed input throws {@link java.lang.IllegalArgumentException} whose message
 * starts with "file line n:" (1-based) and says what was expected. Whole-file writers write a
 * temporary file in the target directory and rename it over the target, so readers never see a
 * half-written file. LAMMPS cells: see {@link org.polymorph.materials.io.LammpsBox}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.polymorph.materials.io;
