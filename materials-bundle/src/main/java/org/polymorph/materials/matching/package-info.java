/**
 * Structure matching as pymatgen's {@code StructureMatcher} (Ong et al., Comput. Mater. Sci. 68, 314 (2013)):
 * whether two periodic structures are the same crystal up to rotation, translation, atom order, a volume
 * scale and a lattice strain within tolerances ({@link org.polymorph.materials.matching.MatchOptions}), and
 * how far their sites lie apart ({@link org.polymorph.materials.matching.StructureMatch}). The
 * {@link org.polymorph.materials.matching.StructureMatcher} is a service of the materials bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.materials.matching;
