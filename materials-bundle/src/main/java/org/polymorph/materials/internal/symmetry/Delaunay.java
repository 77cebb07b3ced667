package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Delaunay (Selling) reduction of a lattice: the extended basis b1..b4 (b4 = -(b1+b2+b3)) is
 * changed until all pairwise scalar products are non-positive, then the three shortest of
 * b1..b4, b1+b2, b2+b3, b3+b1 that form a basis are kept (Togo &amp; Tanaka, arXiv 1808.01590, §3.1;
 * Delaunay's reduction as in International Tables A, §9.1). On the reduced basis every lattice
 * symmetry has a matrix with entries in {-1, 0, 1}, and the nearest periodic image of a
 * wrapped difference lies among its 27 neighbours.
 */
final class Delaunay {
    private Delaunay() { }

    /** Change of basis P (integer, det +1; columns: reduced vectors in the basis of {@code lattice}). */
    static int[] reduce(double[] lattice) {
        double[][] b = new double[4][];
        int[][] n = new int[4][];
        for (int j = 0; j < 3; j++) {
            b[j] = IntMatrix.column(lattice, j);
            n[j] = new int[3];
            n[j][j] = 1;
        }
        b[3] = new double[] {-b[0][0] - b[1][0] - b[2][0], -b[0][1] - b[1][1] - b[2][1], -b[0][2] - b[1][2] - b[2][2]};
        n[3] = new int[] {-1, -1, -1};
        double scale = 0;
        for (int j = 0; j < 3; j++) scale = Math.max(scale, dot(b[j], b[j]));
        double eps = 1e-10 * scale;
        for (int iter = 0; iter < 1000; iter++) {
            boolean changed = false;
            for (int i = 0; i < 4 && !changed; i++) {
                for (int j = i + 1; j < 4 && !changed; j++) {
                    if (dot(b[i], b[j]) > eps) {
                        for (int k = 0; k < 4; k++) {
                            if (k == i || k == j) continue;
                            for (int c = 0; c < 3; c++) {
                                b[k][c] += b[i][c];
                                n[k][c] += n[i][c];
                            }
                        }
                        for (int c = 0; c < 3; c++) {
                            b[i][c] = -b[i][c];
                            n[i][c] = -n[i][c];
                        }
                        changed = true;
                    }
                }
            }
            if (!changed) break;
        }
        List<int[]> candidates = new ArrayList<>(List.of(n[0], n[1], n[2], n[3], sum(n[0], n[1]), sum(n[1], n[2]), sum(n[2], n[0])));
        candidates.sort(Comparator.comparingDouble(v -> {
            double[] r = IntMatrix.apply(lattice, new double[] {v[0], v[1], v[2]});
            return dot(r, r);
        }));
        for (int i = 0; i < candidates.size(); i++) {
            for (int j = i + 1; j < candidates.size(); j++) {
                for (int k = j + 1; k < candidates.size(); k++) {
                    int[] p = IntMatrix.columns(candidates.get(i), candidates.get(j), candidates.get(k));
                    int d = IntMatrix.det(p);
                    if (d == 1) return p;
                    if (d == -1) {
                        for (int m = 0; m < 9; m++) p[m] = -p[m];
                        return p;
                    }
                }
            }
        }
        throw new IllegalStateException("Delaunay reduction found no basis");
    }

    private static int[] sum(int[] a, int[] b) { return new int[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }

    static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
}
