/**
 * The structure matcher behind {@link org.polymorph.materials.matching.StructureMatcher}: Niggli and primitive
 * reduction ({@link org.polymorph.materials.internal.matching.Niggli},
 * {@link org.polymorph.materials.internal.matching.PrimitiveCell}), the lattice mappings within the tolerances
 * ({@link org.polymorph.materials.internal.matching.LatticeMappings}), and the site alignment under periodic
 * boundaries with an optimal assignment ({@link org.polymorph.materials.internal.matching.SiteAlignment},
 * {@link org.polymorph.materials.internal.matching.Assignment}), following pymatgen's StructureMatcher
 * (Ong et al., Comput. Mater. Sci. 68, 314 (2013)).
 */
package org.polymorph.materials.internal.matching;
