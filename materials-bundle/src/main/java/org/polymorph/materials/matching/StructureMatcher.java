package org.polymorph.materials.matching;

import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.materials.structure.Atoms;

/** Decides whether two periodic structures are the same crystal; the materials bundle registers one as a service. */
@ProviderType
public interface StructureMatcher {
    /**
     * Matches b onto a.
     *
     * @param a a structure periodic on all three axes
     * @param b another, periodic likewise
     * @throws IllegalArgumentException where a structure is not periodic on all axes or has no atoms
     */
    StructureMatch match(Atoms a, Atoms b, MatchOptions options);
}
