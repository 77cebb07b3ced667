package org.polymorph.materials.internal.matching;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.space.Box;

/**
 * Matches the sites of a smaller (or equal) cell s2 onto those of s1, one of them expanded to a supercell of fu
 * cells, as pymatgen's {@code StructureMatcher._strict_match}: for each lattice mapping within the tolerances, the
 * lattice both are measured on is the average of the two lattices' lengths and angles; each translation putting one
 * site of s2's rarest element onto a like site of s1 is kept where every site of s2 then has a like site of s1 within
 * stol (per fractional axis); the sites are then paired by least summed squared minimum-image distance and the mean
 * displacement removed. Distances are in units of the free length per atom (V/N)^(1/3) of the averaged lattice.
 */
final class SiteAlignment {
    private SiteAlignment() { }

    /** Cost of a pair that may not be paired (another element, or beyond twice stol on an axis), as pymatgen's 1e20. */
    private static final double FORBIDDEN = 1e20;

    /**
     * What the search found.
     *
     * @param fit whether some alignment has every site within stol (pymatgen's {@code fit})
     * @param rms the least RMS displacement found (below stol), or -1 where there is none
     * @param maxDist the largest displacement of that alignment
     * @param columns for each site of s2 (expanded where s2 is the supercell), its site of s1 (expanded where s1 is)
     */
    record Outcome(boolean fit, double rms, double maxDist, int[] columns) {
        static final Outcome NONE = new Outcome(false, -1, -1, null);

        boolean aligned() { return columns != null; }
    }

    /** The best alignment of s2 onto s1; s1Supercell says which of them is expanded by fu. */
    static Outcome align(Cell s1, Cell s2, int fu, boolean s1Supercell, MatchOptions o) {
        String[] sp1 = s1Supercell ? expand(s1.species(), fu) : s1.species();
        String[] sp2 = s1Supercell ? s2.species() : expand(s2.species(), fu);
        int n1 = sp1.length, n2 = sp2.length;
        if (n2 > n1) throw new IllegalStateException("after expansion s1 has " + n1 + " sites and s2 " + n2);
        if (!o.allowSubset() && n1 != n2) return Outcome.NONE;
        boolean[][] forbidden = new boolean[n2][n1];
        for (int i = 0; i < n2; i++) {
            for (int j = 0; j < n1; j++) forbidden[i][j] = o.species() == MatchOptions.SpeciesRule.EXACT && !sp1[j].equals(sp2[i]);
        }
        if (!speciesFit(sp1, sp2, o)) return Outcome.NONE;
        int anchor = 0, most = -1;
        for (int i = 0; i < n2; i++) {
            int c = 0;
            for (boolean f : forbidden[i]) if (f) c++;
            if (c > most) {
                most = c;
                anchor = i;
            }
        }
        List<Integer> targets = new ArrayList<>();
        for (int j = 0; j < n1; j++) if (!forbidden[anchor][j]) targets.add(j);
        if (s1Supercell) {
            List<Integer> firstImages = new ArrayList<>();
            for (int k = 0; k < targets.size(); k += fu) firstImages.add(targets.get(k));
            targets = firstImages;
        }
        Cell big = s1Supercell ? s1 : s2, fixed = s1Supercell ? s2 : s1;
        Outcome best = Outcome.NONE;
        boolean fit = false;
        for (LatticeMappings.Mapping map : LatticeMappings.find(big.h(), fixed.h(), o.ltol(), o.angleTol(), fu)) {
            double[][] expanded = supercell(big.frac(), map.scale(), fu);
            double[][] f1 = s1Supercell ? expanded : fixed.frac(), f2 = s1Supercell ? fixed.frac() : expanded;
            double[] avg = average(map.h(), fixed.h());
            Measure measure = new Measure(avg, n1, o.stol());
            for (int s1i : targets) {
                double[] t = new double[3];
                for (int k = 0; k < 3; k++) t[k] = f1[s1i][k] - f2[anchor][k];
                double[][] moved = new double[n2][3];
                for (int i = 0; i < n2; i++) for (int k = 0; k < 3; k++) moved[i][k] = f2[i][k] + t[k];
                if (!measure.everySiteNear(f1, moved, forbidden)) continue;
                Outcome cand = measure.pair(f1, moved, forbidden);
                if (cand == null) continue;
                fit |= cand.maxDist() < o.stol();
                if (cand.rms() < o.stol() && (!best.aligned() || cand.rms() < best.rms())) best = cand;
            }
        }
        return new Outcome(fit, best.rms(), best.maxDist(), best.columns());
    }

    /** Whether every element of s2 has as many sites in s1 (pymatgen's zero-cost check of the species mask). */
    private static boolean speciesFit(String[] sp1, String[] sp2, MatchOptions o) {
        if (o.species() == MatchOptions.SpeciesRule.ANY) return true;
        java.util.Map<String, Integer> count = new java.util.HashMap<>();
        for (String s : sp1) count.merge(s, 1, Integer::sum);
        for (String s : sp2) if (count.merge(s, -1, Integer::sum) < 0) return false;
        return true;
    }

    /** Each element repeated fu times in place: a a b b c c. */
    private static String[] expand(String[] species, int fu) {
        String[] out = new String[species.length * fu];
        for (int i = 0; i < out.length; i++) out[i] = species[i / fu];
        return out;
    }

    /** The sites in the supercell whose rows are scale · (lattice rows): f scale⁻¹ plus each lattice point inside, wrapped into [0, 1). */
    static double[][] supercell(double[][] frac, int[] scale, int fu) {
        double[] md = new double[9];
        for (int i = 0; i < 9; i++) md[i] = scale[i];
        double[] inv = Box.inverse(md);
        List<double[]> points = new ArrayList<>();
        int[] lo = new int[3], hi = new int[3];
        for (int corner = 0; corner < 8; corner++) {
            for (int k = 0; k < 3; k++) {
                int v = ((corner >> 2) & 1) * scale[k] + ((corner >> 1) & 1) * scale[3 + k] + (corner & 1) * scale[6 + k];
                lo[k] = Math.min(lo[k], v);
                hi[k] = Math.max(hi[k], v);
            }
        }
        for (int a = lo[0]; a <= hi[0]; a++) {
            for (int b = lo[1]; b <= hi[1]; b++) {
                for (int c = lo[2]; c <= hi[2]; c++) {
                    double[] q = Mat3.frac(new double[] {a, b, c}, inv);
                    if (q[0] >= -1e-10 && q[1] >= -1e-10 && q[2] >= -1e-10 && q[0] < 1 - 1e-10 && q[1] < 1 - 1e-10 && q[2] < 1 - 1e-10) points.add(q);
                }
            }
        }
        if (points.size() != fu) throw new IllegalStateException(points.size() + " lattice points in a supercell of " + fu + " cells");
        double[][] out = new double[frac.length * fu][];
        for (int i = 0; i < frac.length; i++) {
            double[] base = Mat3.frac(frac[i], inv);
            for (int p = 0; p < fu; p++) {
                double[] x = new double[3];
                for (int k = 0; k < 3; k++) {
                    x[k] = base[k] + points.get(p)[k];
                    x[k] -= Math.floor(x[k]);
                }
                out[i * fu + p] = x;
            }
        }
        return out;
    }

    /** The lattice of the averaged lengths and angles of two lattices. */
    private static double[] average(double[] h1, double[] h2) {
        double[] p1 = Mat3.parameters(h1), p2 = Mat3.parameters(h2), p = new double[6];
        for (int i = 0; i < 6; i++) p[i] = (p1[i] + p2[i]) / 2;
        return Mat3.fromParameters(p);
    }

    /** Distances on one averaged lattice: the per-axis tolerances and the minimum-image pairing. */
    private static final class Measure {
        private final double[] avg;
        private final double[] reduced;
        private final double[] reducedInv;
        private final double normalization;
        private final double[] fracTol;
        private final double[] reducedTol;

        Measure(double[] avg, int sites, double stol) {
            this.avg = avg;
            this.reduced = Niggli.reduce(avg);
            this.reducedInv = Box.inverse(reduced);
            this.normalization = Math.cbrt(sites / Math.abs(Box.det(avg)));
            this.fracTol = tolerances(avg, stol);
            this.reducedTol = tolerances(reduced, stol);
        }

        private double[] tolerances(double[] h, double stol) {
            double[] inv = Mat3.reciprocalLengths(h);
            for (int k = 0; k < 3; k++) inv[k] *= stol / (Math.PI * normalization);
            return inv;
        }

        /** Whether each site of s2 has an allowed site of s1 within the tolerance on every fractional axis. */
        boolean everySiteNear(double[][] f1, double[][] f2, boolean[][] forbidden) {
            for (int i = 0; i < f2.length; i++) {
                boolean found = false;
                for (int j = 0; j < f1.length && !found; j++) {
                    if (forbidden[i][j]) continue;
                    found = true;
                    for (int k = 0; k < 3 && found; k++) {
                        double d = f2[i][k] - f1[j][k];
                        if (Math.abs(d - Math.rint(d)) > fracTol[k]) found = false;
                    }
                }
                if (!found) return false;
            }
            return true;
        }

        /** The least-squares pairing with the mean displacement removed; null where it needs a forbidden pair. */
        Outcome pair(double[][] f1, double[][] f2, boolean[][] forbidden) {
            int n2 = f2.length, n1 = f1.length;
            double[][] r1 = new double[n1][], r2 = new double[n2][];
            for (int j = 0; j < n1; j++) r1[j] = Mat3.frac(Mat3.cart(f1[j], avg), reducedInv);
            for (int i = 0; i < n2; i++) r2[i] = Mat3.frac(Mat3.cart(f2[i], avg), reducedInv);
            double[][][] vec = new double[n2][n1][];
            double[][] d2 = new double[n2][n1];
            for (int i = 0; i < n2; i++) {
                for (int j = 0; j < n1; j++) {
                    d2[i][j] = FORBIDDEN;
                    if (forbidden[i][j]) continue;
                    double[] fd = new double[3];
                    boolean near = true;
                    for (int k = 0; k < 3; k++) {
                        fd[k] = r1[j][k] - r2[i][k];
                        fd[k] -= Math.rint(fd[k]);
                        if (Math.abs(fd[k]) > reducedTol[k]) near = false;
                    }
                    if (!near) continue;
                    vec[i][j] = shortestImage(fd);
                    d2[i][j] = dot(vec[i][j], vec[i][j]);
                }
            }
            int[] cols = Assignment.solve(d2);
            double[] mean = new double[3];
            for (int i = 0; i < n2; i++) {
                if (vec[i][cols[i]] == null) return null;
                for (int k = 0; k < 3; k++) mean[k] += vec[i][cols[i]][k] / n2;
            }
            double sum = 0, max = 0;
            for (int i = 0; i < n2; i++) {
                double[] v = vec[i][cols[i]];
                double d = Math.sqrt(sq(v[0] - mean[0]) + sq(v[1] - mean[1]) + sq(v[2] - mean[2])) * normalization;
                sum += d * d;
                max = Math.max(max, d);
            }
            return new Outcome(false, Math.sqrt(sum / n2), max, cols);
        }

        /** The shortest of the 27 images (Å) of the fractional difference fd in the reduced basis. */
        private double[] shortestImage(double[] fd) {
            double[] best = null;
            double bestD = Double.POSITIVE_INFINITY;
            for (int a = -1; a <= 1; a++) {
                for (int b = -1; b <= 1; b++) {
                    for (int c = -1; c <= 1; c++) {
                        double[] v = Mat3.cart(new double[] {fd[0] + a, fd[1] + b, fd[2] + c}, reduced);
                        double d = dot(v, v);
                        if (d < bestD) {
                            bestD = d;
                            best = v;
                        }
                    }
                }
            }
            return best;
        }

        private static double dot(double[] u, double[] v) { return u[0] * v[0] + u[1] * v[1] + u[2] * v[2]; }

        private static double sq(double x) { return x * x; }
    }
}
