package org.polymorph.materials.internal.potential;

import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * A kernel that carries k tangents through one walk of its list (forward mode along k parameter directions, the tangent
 * sweep of a trajectory): per pair the distance, φ', φ'' and the parameter slopes once, used by the force and by every
 * tangent. The cell is fixed, so a ghost atom moves with its owner: the tangents and the products are the atoms' own
 * (folded), read and written at the atom behind each ghost during the walk, and interleaved per atom, so that one pair
 * reads and writes all k at adjacent addresses: component c of tangent b of atom i is entry (i·k + b)·3 + c.
 */
public interface ForceTangents {
    /**
     * Adds to {@code outT} [3kN] ∂²E/∂R²·Ṙ_b + ∂²E/∂R∂p·ṗ_b for each tangent b (the products of
     * {@link SecondOrder#hessianProducts} with Ẋ spread from Ṙ_b at a fixed cell and folded back onto the atoms, eV/Å per
     * Å or per unit of p) and, when {@code forces} [3N] is not null, adds the forces −∂E/∂R (eV/Å) to it.
     *
     * @param k the number of tangents
     * @param dT [3kN] the tangents Ṙ_b of the atoms' positions (Å), interleaved as above
     * @param dp [k][m] the parameter tangents ṗ_b, or null for none
     */
    void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces);
}
