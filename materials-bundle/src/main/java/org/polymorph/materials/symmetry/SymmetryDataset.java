package org.polymorph.materials.symmetry;

import java.util.List;
import org.polymorph.materials.structure.Atoms;

/**
 * The symmetry of a structure, with spglib's names and conventions.
 *
 * @param spacegroupNumber   space-group type, 1-230 (International Tables A)
 * @param spacegroupSymbol   international short symbol of the type, as spglib prints it ("Fd-3m", "P6_3mc")
 * @param hallNumber         Hall number (1-530) of the standard setting the conventional cell is given in
 * @param pointgroup         international symbol of the point group ("m-3m", "-42m")
 * @param operationCount     number of symmetry operations of the input cell (pure translations included)
 * @param equivalentAtoms    [N] for each input atom, the smallest index of an atom of its orbit
 * @param wyckoffs           [N] for each input atom, the letter of its Wyckoff position in the standard setting
 *                           ("a", "b", ..., "z", "A"), as spglib's dataset.wyckoffs; equivalent atoms share a letter
 * @param conventional       standardised conventional cell, idealised (a along x, b in the xy plane)
 * @param primitive          standardised primitive cell, idealised in the same orientation
 * @param rotations          [k][9] the k distinct rotations of the crystal's point group (k = its order) in the
 *                           Cartesian frame of the input, row-major 3×3 with x' = R·x: found on the primitive cell,
 *                           so a rotation of the crystal that the input supercell's lattice breaks is listed too;
 *                           orthogonal up to the tolerance (a strained cell within symprec gives a nearly orthogonal R)
 */
public record SymmetryDataset(int spacegroupNumber, String spacegroupSymbol, int hallNumber, String pointgroup,
                              int operationCount, int[] equivalentAtoms, List<String> wyckoffs, Atoms conventional, Atoms primitive,
                              double[][] rotations) {
    public SymmetryDataset {
        equivalentAtoms = equivalentAtoms.clone();
        wyckoffs = List.copyOf(wyckoffs);
        rotations = copy(rotations);
    }

    @Override public int[] equivalentAtoms() { return equivalentAtoms.clone(); }

    @Override public double[][] rotations() { return copy(rotations); }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int k = 0; k < m.length; k++) out[k] = m[k].clone();
        return out;
    }
}
