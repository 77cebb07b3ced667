package org.polymorph.materials.internal.mlpotential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.space.Space;

/**
 * Behler–Parrinello atom-centred symmetry functions (Behler &amp; Parrinello, PRL 98, 146401 (2007);
 * Behler, J. Chem. Phys. 134, 074106 (2011), eqs. 4, 5 and 8) as Var ops of positions [N, 3] and cell [3, 3]
 * over a full neighbour list, with the cosine cutoff f_c(r) = ½(cos(πr/r_c) + 1) for r &lt; r_c, 0 beyond:
 * <ul>
 * <li>radial G²_i = Σ_j exp(−η (r_ij − r_s)²) f_c(r_ij), one per (η, r_s) pair of {@code radial};</li>
 * <li>angular G⁴_i = 2^{1−ζ} Σ_{j&lt;k} (1 + λ cos θ_jik)^ζ exp(−η (r_ij² + r_ik² + r_jk²)) f_c(r_ij) f_c(r_ik) f_c(r_jk),
 * one per (ζ, λ, η) triple of {@code angular} (ζ a positive integer, λ = ±1).</li>
 * </ul>
 * Lengths Å, η in Å⁻². Triplets are the unordered pairs of entries of one row of the list (entries beyond r_c
 * contribute 0 through f_c, so a list with a skin is fine). Output [N, radial + angular] (radial first).
 */
public final class SymmetryFunctions {
    /** (η Å⁻², r_s Å) per radial function; (ζ, λ, η Å⁻²) per angular function. */
    private final double[][] radial;
    private final double[][] angular;
    private final double rc;

    public SymmetryFunctions(double cutoff, double[][] radial, double[][] angular) {
        if (!(cutoff > 0)) throw new IllegalArgumentException("symmetry functions: cutoff = " + cutoff + "; give r_c > 0 (Å)");
        for (double[] g : radial) {
            if (g.length != 2 || !(g[0] >= 0)) throw new IllegalArgumentException("symmetry functions: radial " + Arrays.toString(g) + "; give {eta >= 0, r_s}");
        }
        for (double[] g : angular) {
            if (g.length != 3 || g[0] < 1 || g[0] != Math.rint(g[0]) || Math.abs(g[1]) != 1 || !(g[2] >= 0)) {
                throw new IllegalArgumentException("symmetry functions: angular " + Arrays.toString(g) + "; give {zeta a positive integer, lambda = +1 or -1, eta >= 0}");
            }
        }
        this.rc = cutoff;
        this.radial = deepCopy(radial);
        this.angular = deepCopy(angular);
    }

    /** A standard small set: radial η on a grid of r_s across [r_min, r_c) and G⁴ with ζ ∈ {1, 2, 4}, λ = ±1 at one η. */
    public static SymmetryFunctions grid(double cutoff, int radialCount, double rMin, double angularEta) {
        double[][] r = new double[radialCount][];
        double step = (cutoff - rMin) / radialCount;
        double eta = 1 / (2 * step * step);                     // Gaussians overlapping at half height
        for (int k = 0; k < radialCount; k++) r[k] = new double[] {eta, rMin + k * step};
        double[][] a = {{1, 1, angularEta}, {1, -1, angularEta}, {2, 1, angularEta}, {2, -1, angularEta}, {4, 1, angularEta}, {4, -1, angularEta}};
        return new SymmetryFunctions(cutoff, r, a);
    }

    public double cutoff() { return rc; }

    public int count() { return radial.length + angular.length; }

    public double[][] radial() { return deepCopy(radial); }

    public double[][] angular() { return deepCopy(angular); }

    /** Entries (a, b) of one row with a &lt; b, as indices into the list's entries, and the centre atom of each [T]. */
    public record Triplets(int[] first, int[] second, int[] centre) {
        public int count() { return first.length; }

        public static Triplets of(NeighborList nl) {
            int t = 0;
            for (int i = 0; i < nl.atoms(); i++) {
                int m = nl.end(i) - nl.start(i);
                t += m * (m - 1) / 2;
            }
            int[] a = new int[t];
            int[] b = new int[t];
            int[] c = new int[t];
            int k = 0;
            for (int i = 0; i < nl.atoms(); i++) {
                for (int e1 = nl.start(i); e1 < nl.end(i); e1++) {
                    for (int e2 = e1 + 1; e2 < nl.end(i); e2++) {
                        a[k] = e1;
                        b[k] = e2;
                        c[k++] = i;
                    }
                }
            }
            return new Triplets(a, b, c);
        }
    }

    /** f_c(r) with 0 beyond r_c (elementwise). */
    Var cutoffFunction(Ops o, Var r) {
        Var inside = o.lt(r, o.scalarLike(r, rc));
        Var rIn = o.where(inside, r, o.zerosLike(r));               // keeps cos finite and its gradient 0 outside
        Var f = o.mul(o.add(o.cos(o.mul(rIn, o.scalarLike(r, Math.PI / rc))), o.scalarLike(r, 1)), o.scalarLike(r, 0.5));
        return o.where(inside, f, o.zerosLike(f));
    }

    /** G [N, count()] for a full list {@code nl}; {@code triplets} from {@link Triplets#of} of the same list. */
    public Var descriptors(Ops o, Var positions, Var cell, NeighborList nl, Triplets triplets) {
        if (nl.half()) throw new IllegalArgumentException("symmetry functions: need a full neighbour list; build one with half = false");
        int n = nl.atoms();
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var vec = Space.pairVectors(o, positions, cell, pairs);                   // [P, 3]
        Var d = Space.distances(o, vec);                                          // [P]
        Var fc = cutoffFunction(o, d);
        List<Var> cols = new ArrayList<>();
        for (double[] g : radial) {
            Var x = o.sub(d, o.scalarLike(d, g[1]));
            cols.add(o.mul(o.exp(o.mul(o.square(x), o.scalarLike(x, -g[0]))), fc));
        }
        Var rad = o.segmentSum(o.stack(1, cols.toArray(new Var[0])), pairs.i(), n);   // [N, Kr]
        if (angular.length == 0) return rad;
        if (triplets.count() == 0) return o.concat(1, rad, o.constant(o.tensors().zeros(d.dtype(), n, angular.length)));
        Var ia = o.constant(o.tensors().fromArray(triplets.first(), triplets.count()));
        Var ib = o.constant(o.tensors().fromArray(triplets.second(), triplets.count()));
        Var ic = o.constant(o.tensors().fromArray(triplets.centre(), triplets.count()));
        Var va = o.take(vec, ia, 0);                                                // [T, 3]
        Var vb = o.take(vec, ib, 0);
        Var da = o.take(d, ia, 0);
        Var db = o.take(d, ib, 0);
        Var dc = Space.distances(o, o.sub(vb, va));                                // r_jk
        Var cos = o.div(o.sum(o.mul(va, vb), 1), o.mul(da, db));
        Var cut = o.mul(o.mul(o.take(fc, ia, 0), o.take(fc, ib, 0)), cutoffFunction(o, dc));
        Var r2 = o.add(o.add(o.square(da), o.square(db)), o.square(dc));
        List<Var> ang = new ArrayList<>();
        for (double[] g : angular) {
            Var base = o.add(o.mul(cos, o.scalarLike(cos, g[1])), o.scalarLike(cos, 1));
            Var p = base;
            for (int z = 1; z < (int) g[0]; z++) p = o.mul(p, base);                // integer ζ: no pow(0, ·) in the graph
            Var term = o.mul(o.mul(p, o.exp(o.mul(r2, o.scalarLike(r2, -g[2])))), cut);
            ang.add(o.mul(term, o.scalarLike(term, Math.pow(2, 1 - g[0]))));
        }
        Var angl = o.segmentSum(o.stack(1, ang.toArray(new Var[0])), ic, n);       // [N, Ka]
        return o.concat(1, rad, angl);
    }

    /** The same descriptors by plain loops over all atom images (a reference for tests; row-major [N * count()]). */
    public double[] reference(double[] r, double[] h, NeighborList nl) {
        int n = nl.atoms();
        int k = count();
        double[] out = new double[n * k];
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        for (int i = 0; i < n; i++) {
            int m = nl.end(i) - nl.start(i);
            double[][] v = new double[m][3];
            for (int a = 0; a < m; a++) {
                int e = nl.start(i) + a;
                int j = nb[e];
                for (int x = 0; x < 3; x++) v[a][x] = r[3 * j + x] - r[3 * i + x] + s[3 * e] * h[x] + s[3 * e + 1] * h[3 + x] + s[3 * e + 2] * h[6 + x];
            }
            for (int a = 0; a < m; a++) {
                double ra = norm(v[a]);
                for (int g = 0; g < radial.length; g++) out[i * k + g] += Math.exp(-radial[g][0] * (ra - radial[g][1]) * (ra - radial[g][1])) * fc(ra);
                for (int b = a + 1; b < m; b++) {
                    double rb = norm(v[b]);
                    double rab = norm(new double[] {v[b][0] - v[a][0], v[b][1] - v[a][1], v[b][2] - v[a][2]});
                    double cos = (v[a][0] * v[b][0] + v[a][1] * v[b][1] + v[a][2] * v[b][2]) / (ra * rb);
                    for (int g = 0; g < angular.length; g++) {
                        double[] p = angular[g];
                        out[i * k + radial.length + g] += Math.pow(2, 1 - p[0]) * Math.pow(1 + p[1] * cos, p[0])
                                * Math.exp(-p[2] * (ra * ra + rb * rb + rab * rab)) * fc(ra) * fc(rb) * fc(rab);
                    }
                }
            }
        }
        return out;
    }

    private double fc(double r) { return r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1) : 0; }

    private static double norm(double[] v) { return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
