package org.polymorph.materials.patchy;

import java.util.Arrays;

/**
 * A target cluster for {@link ClusterAnalysis}: body types [n], which body pairs are bonded (symmetric [n][n]) and
 * reference centres [n][d]. A cluster matches when some one-to-one map of its bodies onto these keeps types and the
 * bonded-body graph (graph isomorphism) and moves no centre–centre distance by more than {@code tolerance} (length
 * units; distances are invariant under rotation, translation and reflection, so mirror images match).
 */
public record TargetStructure(String name, int[] types, boolean[][] bonded, double[][] centres, double tolerance) {
    public TargetStructure {
        int n = types.length;
        if (n == 0 || bonded.length != n || centres.length != n) throw new IllegalArgumentException("target " + name + " has "
                + n + " types, " + bonded.length + " adjacency rows and " + centres.length + " centres; give one of each per body");
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (bonded[i][j] != bonded[j][i]) throw new IllegalArgumentException(
                "target " + name + ": bonded[" + i + "][" + j + "] differs from bonded[" + j + "][" + i + "]; give a symmetric adjacency");
        if (!(tolerance >= 0)) throw new IllegalArgumentException("target " + name + ": tolerance " + tolerance + "; give a length >= 0");
        types = types.clone();
        bonded = Arrays.stream(bonded).map(boolean[]::clone).toArray(boolean[][]::new);
        centres = Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new);
    }

    /** A ring of n bodies of one type on a regular polygon with edge {@code edge}, bonded to their two neighbours. */
    public static TargetStructure ring(String name, int n, int type, double edge, double tolerance) {
        double radius = edge / (2 * Math.sin(Math.PI / n));
        int[] t = new int[n];
        Arrays.fill(t, type);
        boolean[][] b = new boolean[n][n];
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            b[i][(i + 1) % n] = b[(i + 1) % n][i] = true;
            c[i] = new double[] {radius * Math.cos(2 * Math.PI * i / n), radius * Math.sin(2 * Math.PI * i / n)};
        }
        return new TargetStructure(name, t, b, c, tolerance);
    }

    public int size() { return types.length; }

    @Override public int[] types() { return types.clone(); }

    @Override public boolean[][] bonded() { return Arrays.stream(bonded).map(boolean[]::clone).toArray(boolean[][]::new); }

    @Override public double[][] centres() { return Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new); }
}
