package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The symmetry operations of a primitive cell: for each rotation W of the lattice's point group, the
 * translations w = x_j - W·x_0 from one atom of the rarest type to each atom j of that type are tried,
 * and (W, w) is kept when it maps every atom onto an atom of its type within symprec (Togo &amp; Tanaka,
 * arXiv 1808.01590, §3.3). In a primitive cell each rotation has at most one translation.
 */
final class OperationSearch {
    /** The operations and, for each, the atom each atom goes to. */
    record Found(List<Operation> operations, List<int[]> permutations) { }

    private OperationSearch() { }

    static Found of(Cell cell, List<int[]> latticeRotations, double symprec) {
        int type = cell.rarestType();
        int first = -1;
        for (int i = 0; i < cell.size() && first < 0; i++) if (cell.types()[i] == type) first = i;
        List<Operation> ops = new ArrayList<>();
        List<int[]> perms = new ArrayList<>();
        for (int[] w : latticeRotations) {
            double[] x0 = IntMatrix.apply(w, cell.frac()[first]);
            for (int j = 0; j < cell.size(); j++) {
                if (cell.types()[j] != type) continue;
                double[] t = IntMatrix.wrap(PrimitiveSearch.sub(cell.frac()[j], x0));
                int[] perm = permutation(cell, w, t, symprec);
                if (perm != null) {
                    ops.add(new Operation(w, t));
                    perms.add(perm);
                    break;
                }
            }
        }
        return new Found(ops, perms);
    }

    /** Where each atom goes under (W, t), or null when one has no image. */
    static int[] permutation(Cell cell, int[] w, double[] t, double symprec) {
        int[] perm = new int[cell.size()];
        for (int i = 0; i < cell.size(); i++) {
            double[] x = IntMatrix.apply(w, cell.frac()[i]);
            for (int c = 0; c < 3; c++) x[c] += t[c];
            perm[i] = cell.find(x, cell.types()[i], symprec);
            if (perm[i] < 0) return null;
        }
        return perm;
    }
}
