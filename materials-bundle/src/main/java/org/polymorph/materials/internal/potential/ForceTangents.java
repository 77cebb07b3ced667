package org.polymorph.materials.internal.potential;

import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * A kernel that carries k tangents through one walk of its list (forward mode along k parameter directions, the tangent
 * sweep of a trajectory): per pair the distance, φ', φ'' and the parameter slopes once, used by the force and by every
 * tangent. The tangents are interleaved per extended atom, so that one pair reads and writes all of them at adjacent
 * addresses: component c of tangent b of extended atom e is entry (e·k + b)·3 + c.
 */
public interface ForceTangents {
    /**
     * Adds to {@code outT} [3k(N + G)] ∂²Ẽ/∂X²·Ẋ_b + ∂²Ẽ/∂X∂p·ṗ_b for each tangent b (the products of
     * {@link SecondOrder#hessianProducts}, eV/Å per Å or per unit of p) and, when {@code forces} [3N] is not null, adds
     * the forces −∂E/∂R (eV/Å, ghosts folded onto their owners) to it.
     *
     * @param k the number of tangents
     * @param dT [3k(N + G)] the tangents Ẋ_b of the extended positions (Å), interleaved as above
     * @param dp [k][m] the parameter tangents ṗ_b, or null for none
     */
    void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces);
}
