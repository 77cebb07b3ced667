package org.polymorph.materials.matching;

import java.util.Optional;

/**
 * The outcome of matching structure b onto structure a.
 *
 * @param match whether the structures are the same within the tolerances (pymatgen's {@code fit}: some lattice
 *              mapping and translation puts every site within stol of its partner)
 * @param best the alignment of least RMS displacement (pymatgen's {@code get_rms_dist}), present when that RMS is
 *             below stol
 */
public record StructureMatch(boolean match, Optional<Alignment> best) {

    /**
     * One alignment of b onto a.
     *
     * @param rms root-mean-square site displacement divided by the free length per atom (V/N)^(1/3)
     * @param maxDist the largest site displacement, in the same units
     * @param mapping [atoms of b]: for each atom of b, the atom of a it lies on (with primitive reduction, the first
     *                atom of a among those a primitive translation makes equivalent)
     */
    public record Alignment(double rms, double maxDist, int[] mapping) {
        public Alignment {
            mapping = mapping.clone();
        }

        @Override public int[] mapping() { return mapping.clone(); }
    }
}
