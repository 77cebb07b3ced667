/**
 * crystal.predict: the amorphous-to-crystalline (a2c) workflow of Aykol et al., arXiv 2310.01117, as jax-md's
 * {@code jax_md/a2c} runs it. The composition is packed at random in a periodic box with the overlaps relaxed away
 * ({@link org.polymorph.materials.internal.crystal.RandomPacking}), melted and quenched at constant volume
 * ({@link org.polymorph.materials.internal.crystal.MeltQuench}); the amorphous cell is cut on a fractional grid into
 * subcells, its local motifs ({@link org.polymorph.materials.internal.crystal.Subcells}), each relaxed in positions and cell
 * ({@link org.polymorph.materials.internal.crystal.SubcellRelaxer}), validated
 * ({@link org.polymorph.materials.internal.crystal.Validation}), ranked by energy per atom and grouped
 * ({@link org.polymorph.materials.internal.crystal.Ranking}); the lowest is the predicted first product of crystallisation,
 * compared with a polymorph library ({@link org.polymorph.materials.internal.crystal.PolymorphLibrary}). Space groups and
 * structure equivalence come through two seams, {@link org.polymorph.materials.internal.crystal.SpaceGroupOf} and
 * {@link org.polymorph.materials.internal.crystal.SameStructure}. Units: Å, eV, ps (time steps in fs), K.
 */
package org.polymorph.materials.internal.crystal;
