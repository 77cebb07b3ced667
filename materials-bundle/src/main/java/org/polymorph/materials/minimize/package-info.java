/**
 * Local minimisation of the energy of a structure: the bundle's minimisers (used by md.minimize, md.neb,
 * md.eos and md.elastic) are FIRE, L-BFGS and gradient descent with a backtracking line search, over positions alone
 * or over positions and cell (a {@link org.polymorph.materials.minimize.CellFilter}, the idea of
 * ASE's UnitCellFilter: the cell deforms by a gradient F, h = h₀F, r = r₀F, and the enthalpy
 * E + P·V is minimised, its cell gradient being F⁻ᵀ(−W + P·V·I) from the virial W). Each run stops on
 * {@link org.polymorph.materials.minimize.Criteria} and returns a
 * {@link org.polymorph.materials.minimize.Relaxation} (named so since 3.0.0, apart from
 * the run engine's {@code method.Result}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package org.polymorph.materials.minimize;
