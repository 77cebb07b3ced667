package org.polymorph.materials.structure;

import java.util.Arrays;
import java.util.List;
import org.polymorph.materials.space.Box;

/**
 * An atomic configuration: Cartesian positions [3N] (Å, x y z per atom), a type index per atom
 * into {@code typeNames} (element symbols, e.g. "Si"), a mass per type (amu) and the cell. Arrays
 * are copied in and out; hot loops take them once with {@link #positions()}.
 */
public record Atoms(double[] positions, int[] types, List<String> typeNames, double[] masses, Box box) {
    public Atoms {
        if (positions == null || positions.length % 3 != 0) {
            throw new IllegalArgumentException("Atoms: positions need 3 numbers per atom, got " + (positions == null ? "null" : positions.length));
        }
        int n = positions.length / 3;
        if (types == null || types.length != n) throw new IllegalArgumentException("Atoms: " + n + " atoms but "
                + (types == null ? "no" : types.length) + " types");
        typeNames = List.copyOf(typeNames);
        if (masses == null || masses.length != typeNames.size()) {
            throw new IllegalArgumentException("Atoms: " + typeNames.size() + " type names but " + (masses == null ? "no" : masses.length) + " masses");
        }
        for (int t : types) {
            if (t < 0 || t >= typeNames.size()) throw new IllegalArgumentException("Atoms: type index " + t + " outside [0, " + typeNames.size() + ")");
        }
        for (double v : positions) if (!Double.isFinite(v)) throw new IllegalArgumentException("Atoms: non-finite position");
        if (box == null) throw new IllegalArgumentException("Atoms: box is null; use Box.free() for a cluster");
        positions = positions.clone();
        types = types.clone();
        masses = masses.clone();
    }

    /** One species, every atom of type 0. */
    public static Atoms of(double[] positions, String element, double mass, Box box) {
        return new Atoms(positions, new int[positions.length / 3], List.of(element), new double[] {mass}, box);
    }

    public int size() { return positions.length / 3; }

    @Override public double[] positions() { return positions.clone(); }

    @Override public int[] types() { return types.clone(); }

    @Override public double[] masses() { return masses.clone(); }

    public double x(int atom, int axis) { return positions[3 * atom + axis]; }

    public int type(int atom) { return types[atom]; }

    /** Mass of each atom [N] (amu). */
    public double[] atomMasses() {
        double[] m = new double[size()];
        for (int i = 0; i < m.length; i++) m[i] = masses[types[i]];
        return m;
    }

    public Atoms withPositions(double[] r) { return new Atoms(r, types, typeNames, masses, box); }

    public Atoms withBox(Box b) { return new Atoms(positions, types, typeNames, masses, b); }

    /** Positions and cell deformed together by the strain ε (row-major 3x3): r' = r (I + ε), h' = h (I + ε). */
    public Atoms strained(double[] eps) {
        double[] r = new double[positions.length];
        for (int a = 0; a < size(); a++) {
            for (int j = 0; j < 3; j++) {
                double s = positions[3 * a + j];
                for (int k = 0; k < 3; k++) s += positions[3 * a + k] * eps[3 * k + j];
                r[3 * a + j] = s;
            }
        }
        return new Atoms(r, types, typeNames, masses, box.strained(eps));
    }

    @Override public boolean equals(Object o) {
        return o instanceof Atoms a && Arrays.equals(positions, a.positions) && Arrays.equals(types, a.types)
                && typeNames.equals(a.typeNames) && Arrays.equals(masses, a.masses) && box.equals(a.box);
    }

    @Override public int hashCode() { return Arrays.hashCode(positions) * 31 + box.hashCode(); }

    @Override public String toString() { return "Atoms(" + size() + " atoms, " + typeNames + ", " + box + ")"; }
}
