package org.polymorph.materials.symmetry;

import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.materials.structure.Atoms;

/**
 * Finds the space group of a periodic structure. Atoms of different types are never equivalent;
 * two positions are the same when their periodic distance is below {@code symprec}.
 */
@ProviderType
public interface SymmetryFinder {
    /**
     * The symmetry of {@code atoms}.
     *
     * @param atoms          a structure periodic along all three axes
     * @param symprec        distance tolerance (Å), positive: positions and cell lengths closer than this are equal
     * @param angleTolerance tolerance on cell angles (degrees); negative: cell angles are compared through
     *                       {@code symprec} as spglib does by default
     * @throws IllegalArgumentException when the structure is not periodic, symprec is not positive, or no
     *                                  consistent space group exists at this tolerance
     */
    SymmetryDataset find(Atoms atoms, double symprec, double angleTolerance);
}
