/**
 * Crystal symmetry: the space group of a periodic structure found as spglib does it (Togo &amp; Tanaka,
 * "Spglib: a software library for crystal symmetry search", arXiv 1808.01590). A
 * {@link org.polymorph.materials.symmetry.SymmetryFinder} takes a structure and a distance tolerance
 * (Å) and returns a {@link org.polymorph.materials.symmetry.SymmetryDataset}: the space-group type
 * (number 1-230, international short symbol, Hall number of its standard setting), the point group,
 * the crystallographic orbits and Wyckoff letters of the atoms, the standardised conventional and primitive cells and the
 * rotations of the point group in the Cartesian frame of the input.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.polymorph.materials.symmetry;
