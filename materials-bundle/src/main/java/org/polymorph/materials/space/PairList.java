package org.polymorph.materials.space;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A list of atom pairs (i, j) with the integer cell shift S_ij of each, the input of
 * {@link Space}'s pair geometry (r_ij = r_j + S_ij·h − r_i). A neighbour list is one; Space needs
 * nothing else of it.
 *
 * @since 2.0.0
 */
@ConsumerType
public interface PairList {
    /** Number of pairs P. */
    int pairs();

    /** First atom of each pair [P]. */
    int[] pairI();

    /** Second atom of each pair [P]. */
    int[] pairJ();

    /** Cell shift of each pair's second atom, row-major [P, 3] (integers, as doubles). */
    double[] shiftMatrix();
}
