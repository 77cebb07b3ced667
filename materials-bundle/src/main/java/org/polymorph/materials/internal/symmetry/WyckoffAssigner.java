package org.polymorph.materials.internal.symmetry;

import java.util.List;

/**
 * Wyckoff letters of the atoms of a standardised conventional cell (spglib's dataset.wyckoffs): an atom's
 * position is the one of equal multiplicity (|G| over the order of the atom's stabiliser, G the setting's
 * operations with the centring translations) into whose subspace p + span(D) some operation of G maps the
 * atom, modulo lattice translations, within the distance tolerance.
 */
final class WyckoffAssigner {
    private final HallSetting setting;
    private final List<WyckoffPositions.Position> positions;
    private final Cell cell;
    private final double symprec;

    /** {@code cell}: the conventional cell in the standard setting {@code setting}; {@code symprec} in Å. */
    WyckoffAssigner(WyckoffPositions table, HallSetting setting, Cell cell, double symprec) {
        this.setting = setting;
        this.positions = table.of(setting.hall());
        this.cell = cell;
        this.symprec = symprec;
    }

    /** The letter of atom i of the cell. */
    String letter(int i) {
        double[] x = cell.frac()[i];
        int fixing = 0;
        for (Operation op : setting.operations()) if (cell.close(image(op, x), x, symprec)) fixing++;
        int multiplicity = setting.operations().size() / Math.max(1, fixing);
        for (WyckoffPositions.Position p : positions) {
            if (p.multiplicity() != multiplicity) continue;
            for (Operation op : setting.operations()) if (distance(image(op, x), p) <= symprec) return p.letter();
        }
        throw new IllegalStateException("no Wyckoff position of multiplicity " + multiplicity + " in Hall setting " + setting.hall()
                + " holds the site " + java.util.Arrays.toString(x));
    }

    private static double[] image(Operation op, double[] x) {
        double[] y = IntMatrix.apply(op.rotation(), x);
        for (int c = 0; c < 3; c++) y[c] += op.translation()[c];
        return y;
    }

    /** Distance (Å) from the fractional point y to the nearest translate of p + span(D) by a lattice vector. */
    private double distance(double[] y, WyckoffPositions.Position p) {
        int k = p.basis().length;
        if (k == 3) return 0;
        double[] l = cell.lattice();
        double[] d = IntMatrix.wrapCentred(new double[] {y[0] - p.point()[0], y[1] - p.point()[1], y[2] - p.point()[2]});
        // Cartesian directions L·D made orthonormal (Gram-Schmidt), for the projection onto span(D)
        double[][] e = new double[k][];
        for (int j = 0; j < k; j++) {
            e[j] = IntMatrix.apply(l, new double[] {p.basis()[j][0], p.basis()[j][1], p.basis()[j][2]});
            for (int i = 0; i < j; i++) e[j] = minus(e[j], e[i], Delaunay.dot(e[j], e[i]));
            e[j] = minus(e[j], e[j], 1 - 1 / Math.sqrt(Delaunay.dot(e[j], e[j])));
        }
        double best = Double.MAX_VALUE;
        for (int n = 0; n < 27; n++) {
            double[] r = IntMatrix.apply(l, new double[] {d[0] - (n % 3 - 1), d[1] - (n / 3 % 3 - 1), d[2] - (n / 9 - 1)});
            for (double[] ej : e) r = minus(r, ej, Delaunay.dot(r, ej));
            best = Math.min(best, Math.sqrt(Delaunay.dot(r, r)));
        }
        return best;
    }

    /** a - c·b. */
    private static double[] minus(double[] a, double[] b, double c) {
        return new double[] {a[0] - c * b[0], a[1] - c * b[1], a[2] - c * b[2]};
    }
}
