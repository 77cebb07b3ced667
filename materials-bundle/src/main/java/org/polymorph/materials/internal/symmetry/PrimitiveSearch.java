package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.materials.space.Box;

/**
 * The primitive cell of a structure: the pure translations t that map every atom onto an atom of the
 * same type (within symprec), then a basis of the lattice Z³ + {t} (Hermite normal form of the
 * integer vectors m·t, m the number of translations), the atoms merged by translation orbit.
 */
final class PrimitiveSearch {
    /**
     * @param cell        the primitive cell, on a Delaunay-reduced basis
     * @param toPrimitive [N] for each input atom, its atom in {@code cell}
     * @param size        number of lattice points in the input cell
     */
    record Primitive(Cell cell, int[] toPrimitive, int size) { }

    private PrimitiveSearch() { }

    /** {@code cell} must be on a Delaunay-reduced basis. Null when the translations found do not form a consistent lattice. */
    static Primitive of(Cell cell, double symprec) {
        List<double[]> translations = translations(cell, symprec);
        int m = translations.size();
        int n = cell.size();
        if (n % m != 0) return null;
        double[] p = latticeBasis(translations);
        if (Math.abs(Box.det(p) * m - 1) > 1e-9) return null;
        Cell primitive = cell.changeBasis(p);
        int[] toPrimitive = new int[n];
        Arrays.fill(toPrimitive, -1);
        List<double[]> merged = new ArrayList<>();
        List<Integer> mergedTypes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (toPrimitive[i] >= 0) continue;
            int index = merged.size();
            double[] sum = new double[3];
            int count = 0;
            for (double[] t : translations) {
                double[] x = {cell.frac()[i][0] + t[0], cell.frac()[i][1] + t[1], cell.frac()[i][2] + t[2]};
                int j = cell.find(x, cell.types()[i], symprec);
                if (j < 0 || toPrimitive[j] >= 0) return null;
                toPrimitive[j] = index;
                double[] d = IntMatrix.wrapCentred(sub(primitive.frac()[j], primitive.frac()[i]));
                for (int c = 0; c < 3; c++) sum[c] += d[c];
                count++;
            }
            double[] x = primitive.frac()[i];
            merged.add(IntMatrix.wrap(new double[] {x[0] + sum[0] / count, x[1] + sum[1] / count, x[2] + sum[2] / count}));
            mergedTypes.add(cell.types()[i]);
        }
        Cell prim = new Cell(primitive.lattice(), merged.toArray(new double[0][]), mergedTypes.stream().mapToInt(Integer::intValue).toArray());
        int[] reduce = Delaunay.reduce(prim.lattice());
        return new Primitive(prim.changeBasis(IntMatrix.toDouble(reduce)), toPrimitive, m);
    }

    /** The pure translations (the zero one first), wrapped into [0, 1). */
    static List<double[]> translations(Cell cell, double symprec) {
        int type = cell.rarestType();
        int first = -1;
        for (int i = 0; i < cell.size() && first < 0; i++) if (cell.types()[i] == type) first = i;
        List<double[]> out = new ArrayList<>();
        out.add(new double[3]);
        for (int j = 0; j < cell.size(); j++) {
            if (j == first || cell.types()[j] != type) continue;
            double[] t = IntMatrix.wrap(sub(cell.frac()[j], cell.frac()[first]));
            if (OperationSearch.permutation(cell, IntMatrix.IDENTITY, t, symprec) != null) out.add(t);
        }
        return out;
    }

    static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

    /**
     * A basis (columns, det &gt; 0, in the basis of the cell) of the lattice Z³ + {t}, for translations t that
     * form a group modulo Z³ (pure translations, centrings): m·t is integral for m of them.
     */
    static double[] latticeBasis(List<double[]> translations) {
        int m = translations.size();
        long[][] rows = new long[3 + m][];
        for (int i = 0; i < 3; i++) {
            rows[i] = new long[3];
            rows[i][i] = m;
        }
        for (int k = 0; k < m; k++) {
            double[] t = IntMatrix.wrap(translations.get(k));
            rows[3 + k] = new long[] {Math.round(m * t[0]) % m, Math.round(m * t[1]) % m, Math.round(m * t[2]) % m};
        }
        long[][] basis = hermite(rows);
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) c[3 * j + i] = basis[i][j] / (double) m;
        if (Box.det(c) < 0) for (int i = 0; i < 9; i++) c[i] = -c[i];
        return c;
    }

    /** Three rows spanning the same integer lattice as {@code rows} (row echelon form by integer row operations). */
    static long[][] hermite(long[][] rows) {
        long[][] r = new long[rows.length][];
        for (int i = 0; i < rows.length; i++) r[i] = rows[i].clone();
        for (int col = 0; col < 3; col++) {
            while (true) {
                int pivot = -1;
                for (int i = col; i < r.length; i++) {
                    if (r[i][col] != 0 && (pivot < 0 || Math.abs(r[i][col]) < Math.abs(r[pivot][col]))) pivot = i;
                }
                if (pivot < 0) throw new IllegalStateException("translations do not span three dimensions");
                long[] tmp = r[col];
                r[col] = r[pivot];
                r[pivot] = tmp;
                boolean done = true;
                for (int i = col + 1; i < r.length; i++) {
                    long q = Math.floorDiv(r[i][col], r[col][col]);
                    for (int c = 0; c < 3; c++) r[i][c] -= q * r[col][c];
                    if (r[i][col] != 0) done = false;
                }
                if (done) break;
            }
        }
        return new long[][] {r[0], r[1], r[2]};
    }
}
