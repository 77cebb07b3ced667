package org.polymorph.materials.patchy;

import java.util.Arrays;

/**
 * Bodies in world coordinates, for analysis: types [n], centres [n][d] and rotation matrices [n][d·d] (row-major,
 * body frame to world), with an optional periodic box (edge lengths [d], or null for open boundaries).
 */
public record Configuration(int[] types, double[][] centres, double[][] rotations, double[] box) {
    public Configuration {
        if (centres.length != types.length || rotations.length != types.length) throw new IllegalArgumentException("configuration has "
                + types.length + " types, " + centres.length + " centres and " + rotations.length + " rotations; give one of each per body");
        types = types.clone();
        centres = Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new);
        rotations = Arrays.stream(rotations).map(double[]::clone).toArray(double[][]::new);
        box = box == null ? null : box.clone();
    }

    /** 2D bodies from (x, y, θ) rows. */
    public static Configuration planar(int[] types, double[][] xyTheta, double[] box) {
        double[][] c = new double[xyTheta.length][];
        double[][] r = new double[xyTheta.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = new double[] {xyTheta[i][0], xyTheta[i][1]};
            double cs = Math.cos(xyTheta[i][2]), sn = Math.sin(xyTheta[i][2]);
            r[i] = new double[] {cs, -sn, sn, cs};
        }
        return new Configuration(types, c, r, box);
    }

    public int size() { return types.length; }

    public int dimension() { return centres.length == 0 ? 0 : centres[0].length; }

    /** World position of body-frame point p on body i. */
    public double[] world(int i, double[] p) {
        int d = p.length;
        double[] w = centres[i].clone();
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) w[a] += rotations[i][a * d + b] * p[b];
        return w;
    }

    /** Plain Euclidean distance (no box). */
    public static double euclidean(double[] x, double[] y) {
        double s = 0;
        for (int a = 0; a < x.length; a++) s += (x[a] - y[a]) * (x[a] - y[a]);
        return Math.sqrt(s);
    }

    /** Distance between two world points, by the minimum image in a periodic box. */
    public double distance(double[] x, double[] y) {
        double s = 0;
        for (int a = 0; a < x.length; a++) {
            double dx = x[a] - y[a];
            if (box != null) dx -= box[a] * Math.rint(dx / box[a]);
            s += dx * dx;
        }
        return Math.sqrt(s);
    }

    @Override public int[] types() { return types.clone(); }

    @Override public double[][] centres() { return Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new); }

    @Override public double[][] rotations() { return Arrays.stream(rotations).map(double[]::clone).toArray(double[][]::new); }

    @Override public double[] box() { return box == null ? null : box.clone(); }
}
