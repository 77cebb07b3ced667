package org.polymorph.materials.patchy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Symmetry of a cluster from the world positions of all its body points (cores and patches), found by backtracking
 * over maps of the labelled points onto themselves that keep every point–point distance and keep each body's points
 * together (points may swap within a body, as a body's two like patches do under its mirror). A map is proper when it
 * keeps orientation (in 3D a planar set's mirror map is a rotation by π and counts as both). The symmetry number σ is
 * the number of distinct body permutations some proper map realises; a cluster with no improper map is chiral (made
 * of achiral bodies, its mirror image is a distinct minimum of equal free energy).
 */
public final class ClusterSymmetry {
    private ClusterSymmetry() { }

    /** σ for bodies of {@code types} [n] with world points [n][m_i][d] labelled {@code labels} [n][m_i]. */
    public static int symmetryNumber(int[] types, int[][] labels, double[][][] points, double tolerance) {
        return new Search(types, labels, points, tolerance).run().proper.size();
    }

    /** Whether no symmetry map of the cluster is improper (a flat set never is chiral). */
    public static boolean chiral(int[] types, int[][] labels, double[][][] points, double tolerance) {
        return !new Search(types, labels, points, tolerance).run().improper;
    }

    /** Backtracking state over all points of the cluster. */
    private static final class Search {
        private final double[][] x;
        private final int[] body, label;
        private final double tol;
        private final int[] image, bodyImage;
        private final boolean[] used;
        private final Set<String> proper = new HashSet<>();
        private boolean improper;

        Search(int[] types, int[][] labels, double[][][] points, double tol) {
            List<double[]> xs = new ArrayList<>();
            List<int[]> tags = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                for (int p = 0; p < points[i].length; p++) {
                    xs.add(points[i][p]);
                    tags.add(new int[] {i, types[i] * 1_000_003 + labels[i][p]});
                }
            }
            this.x = xs.toArray(double[][]::new);
            this.body = tags.stream().mapToInt(t -> t[0]).toArray();
            this.label = tags.stream().mapToInt(t -> t[1]).toArray();
            this.tol = tol;
            this.image = new int[x.length];
            this.used = new boolean[x.length];
            this.bodyImage = new int[points.length];
            Arrays.fill(bodyImage, -1);
        }

        Search run() {
            extend(0);
            return this;
        }

        private void extend(int k) {
            if (k == x.length) {
                double s = handedness();
                if (s >= 0) proper.add(Arrays.toString(bodyImage));
                if (s <= 0) improper = true;
                return;
            }
            for (int v = 0; v < x.length; v++) {
                if (used[v] || label[v] != label[k]) continue;
                int b = bodyImage[body[k]];
                if (b >= 0 ? body[v] != b : taken(body[v])) continue;
                boolean ok = true;
                for (int a = 0; a < k && ok; a++) ok = Math.abs(Configuration.euclidean(x[a], x[k]) - Configuration.euclidean(x[image[a]], x[v])) <= tol;
                if (!ok) continue;
                image[k] = v;
                used[v] = true;
                boolean first = b < 0;
                if (first) bodyImage[body[k]] = body[v];
                extend(k + 1);
                if (first) bodyImage[body[k]] = -1;
                used[v] = false;
            }
        }

        private boolean taken(int targetBody) {
            for (int b : bodyImage) if (b == targetBody) return true;
            return false;
        }

        /** +1 proper, −1 improper, 0 for a flat set: the sign change of the largest signed volume about the centroid. */
        private double handedness() {
            int d = x[0].length;
            double[] c = new double[d];
            for (double[] p : x) for (int a = 0; a < d; a++) c[a] += p[a] / x.length;
            double best = 0, sign = 1;
            for (int a = 0; a < x.length; a++) {
                for (int b = a + 1; b < x.length; b++) {
                    for (int e = d == 2 ? x.length - 1 : b + 1; e < x.length; e++) {
                        double vx = volume(x[a], x[b], d == 2 ? null : x[e], c), vy = volume(x[image[a]], x[image[b]], d == 2 ? null : x[image[e]], c);
                        if (Math.abs(vx) > best) {
                            best = Math.abs(vx);
                            sign = Math.signum(vx) * Math.signum(vy);
                        }
                        if (d == 2) break;
                    }
                }
            }
            return best <= tol ? 0 : sign;
        }
    }

    /** Signed area (2D, z == null) or volume (3D) spanned by the vectors from c. */
    private static double volume(double[] x, double[] y, double[] z, double[] c) {
        double[] u = sub(x, c), v = sub(y, c);
        if (z == null) return u[0] * v[1] - u[1] * v[0];
        double[] w = sub(z, c);
        return u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0]) + u[2] * (v[0] * w[1] - v[1] * w[0]);
    }

    private static double[] sub(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] - b[i];
        return r;
    }
}
