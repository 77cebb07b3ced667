package org.polymorph.materials.internal.minimize;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.space.MinimumImage;
import org.polymorph.materials.structure.Atoms;

/**
 * Nudged elastic band between two fixed end structures with the improved tangent of Henkelman &amp;
 * Jónsson (J. Chem. Phys. 113, 9978 (2000)) and, optionally, the climbing image of Henkelman, Uberuaga
 * &amp; Jónsson (J. Chem. Phys. 113, 9901 (2000)), as ASE's NEB(climb=True): the highest interior image
 * feels F − 2(F·τ)τ and no spring, the others F − (F·τ)τ + k(|R₊ − R| − |R − R₋|)τ. The interior images
 * move together by FIRE ({@link Fire.Motion}) until every atom's NEB force is below fmax. Positions are
 * never wrapped: the path is built from the initial structure towards the minimum image of the final
 * one, and all images share the initial cell.
 */
public final class Neb {
    /** The NEB forces of the interior images, concatenated [images·3N]; the largest per atom (eV/Å); the climbing image (−1: none). */
    public record Forces(double[] vector, double fmax, int climbing) { }

    /** The surface the band lies on: energy and forces of image k (0 … M + 1) at a structure. */
    public interface Surface {
        Evaluation at(int image, Atoms atoms);
    }

    /** A potential's surface; each image keeps its own neighbour list. */
    public static Surface of(ForceField ff, int images) {
        NeighborList[] lists = new NeighborList[images + 2];
        return (k, atoms) -> {
            ForceField.Computed c = ff.compute(atoms, lists[k]);
            lists[k] = c.neighbors();
            return c.evaluation();
        };
    }

    private final Surface surface;
    private final double spring;
    private final boolean climb;
    private final Atoms initial;
    private final int images;
    private final double[][] r;          // [M + 2][3N]: end points and interior images
    private final double[] energy;       // [M + 2]
    private final double[][] force;      // [M + 2][3N] true forces

    /**
     * A band of {@code images} interior images, linearly interpolated from {@code initial} to the minimum
     * image of {@code fin} (same atoms in the same order, same cell), or taken from {@code interior}
     * [images][3N] when resuming.
     */
    public Neb(Surface surface, Atoms initial, Atoms fin, int images, double spring, boolean climb, double[][] interior) {
        if (images < 1) throw new IllegalArgumentException("neb: images = " + images + "; give at least 1");
        if (!(spring > 0)) throw new IllegalArgumentException("neb: spring = " + spring + "; give k > 0 (eV/Å²)");
        check(initial, fin);
        this.surface = surface;
        this.spring = spring;
        this.climb = climb;
        this.initial = initial;
        this.images = images;
        int m = images + 2;
        double[] r0 = initial.positions();
        double[] d = minimumImage(r0, fin.positions(), initial.box());
        if (norm(d) < 1e-8) throw new IllegalArgumentException("neb: the final structure is the initial one (up to periodic images); there is no path");
        r = new double[m][];
        for (int k = 0; k < m; k++) {
            double t = (double) k / (m - 1);
            r[k] = new double[r0.length];
            for (int q = 0; q < r0.length; q++) r[k][q] = r0[q] + t * d[q];
        }
        if (interior != null) {
            if (interior.length != images) throw new IllegalArgumentException("neb: " + interior.length + " saved images for a band of " + images);
            for (int k = 0; k < images; k++) r[k + 1] = interior[k].clone();
        }
        energy = new double[m];
        force = new double[m][];
        for (int k = 0; k < m; k++) evaluate(k);
    }

    private static void check(Atoms a, Atoms b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("neb: the initial structure has " + a.size() + " atoms, the final " + b.size());
        for (int i = 0; i < a.size(); i++) {
            if (!a.typeNames().get(a.type(i)).equals(b.typeNames().get(b.type(i)))) {
                throw new IllegalArgumentException("neb: atom " + i + " is " + a.typeNames().get(a.type(i)) + " in the initial structure and "
                        + b.typeNames().get(b.type(i)) + " in the final; give both with the atoms in the same order");
            }
        }
        if (!java.util.Arrays.equals(a.box().periodic(), b.box().periodic())) throw new IllegalArgumentException("neb: the two cells differ in periodicity");
        double[] ha = a.box().h();
        double[] hb = b.box().h();
        for (int k = 0; k < 9; k++) {
            if (Math.abs(ha[k] - hb[k]) > 1e-6 * (1 + Math.abs(ha[k]))) {
                throw new IllegalArgumentException("neb: the initial and final cells differ (" + java.util.Arrays.toString(ha) + " vs "
                        + java.util.Arrays.toString(hb) + "); the band runs at a fixed cell");
            }
        }
    }

    /** fin − r0 per atom, each displacement reduced to its minimum image along the periodic axes. */
    static double[] minimumImage(double[] r0, double[] fin, Box box) {
        double[] d = new double[r0.length];
        for (int q = 0; q < d.length; q++) d[q] = fin[q] - r0[q];
        MinimumImage mi = new MinimumImage(box);
        for (int i = 0; i < d.length; i += 3) mi.reduce(d, i);
        return d;
    }

    private void evaluate(int k) {
        Evaluation ev = surface.at(k, initial.withPositions(r[k]));
        if (!Double.isFinite(ev.energy())) throw new ArithmeticException("neb: image " + k + " has energy " + ev.energy() + "; atoms overlap");
        for (int i = 0; i < ev.atoms(); i++) {
            for (int a = 0; a < 3; a++) {
                if (!Double.isFinite(ev.force(i, a))) {
                    throw new ArithmeticException("neb: image " + k + ", atom " + i + " has a non-finite force component " + "xyz".charAt(a) + " = "
                            + ev.force(i, a) + "; atoms overlap on the path (try interpolate=idpp or more images)");
                }
            }
        }
        energy[k] = ev.energy();
        force[k] = ev.forces();
    }

    public int images() { return images; }

    /** Largest |f_i| over the atoms of forces f [3N]. */
    public static double largestForce(double[] f) { return Objective.fmax(f); }

    /** The interior images' positions [images][3N] (copies): what a checkpoint keeps. */
    public double[][] interior() {
        double[][] out = new double[images][];
        for (int k = 0; k < images; k++) out[k] = r[k + 1].clone();
        return out;
    }

    /** Every image, end points included, as Atoms. */
    public List<Atoms> structures() {
        List<Atoms> out = new ArrayList<>();
        for (double[] x : r) out.add(initial.withPositions(x));
        return out;
    }

    public double[] energies() { return energy.clone(); }

    /** The true forces [3N] on image k (0 and M + 1 are the ends). */
    public double[] forces(int k) { return force[k].clone(); }

    /** Cumulative path length along the images [M + 2] (Å). */
    public double[] coordinate() {
        double[] s = new double[r.length];
        for (int k = 1; k < r.length; k++) s[k] = s[k - 1] + norm(diff(r[k], r[k - 1]));
        return s;
    }

    /** The highest interior image when climbing, else −1. */
    public int climbing() {
        if (!climb) return -1;
        int best = 1;
        for (int k = 2; k <= images; k++) if (energy[k] > energy[best]) best = k;
        return best;
    }

    /** The NEB forces at the current images. */
    public Forces forces() {
        int ci = climbing();
        int n3 = r[0].length;
        double[] out = new double[images * n3];
        double worst = 0;
        for (int k = 1; k <= images; k++) {
            double[] tau = tangent(k);
            double[] f = force[k];
            double fpar = dot(f, tau);
            double[] g = new double[n3];
            if (k == ci) {
                for (int q = 0; q < n3; q++) g[q] = f[q] - 2 * fpar * tau[q];
            } else {
                double springF = spring * (norm(diff(r[k + 1], r[k])) - norm(diff(r[k], r[k - 1])));
                for (int q = 0; q < n3; q++) g[q] = f[q] - fpar * tau[q] + springF * tau[q];
            }
            System.arraycopy(g, 0, out, (k - 1) * n3, n3);
            worst = Math.max(worst, Objective.fmax(g));
        }
        return new Forces(out, worst, ci);
    }

    /** Moves the interior images by dx [images·3N] and evaluates them. */
    public void move(double[] dx) {
        int n3 = r[0].length;
        for (int k = 1; k <= images; k++) {
            for (int q = 0; q < n3; q++) r[k][q] += dx[(k - 1) * n3 + q];
            evaluate(k);
        }
    }

    /** The improved tangent at interior image k (unit vector): uphill neighbour, or an energy-weighted mix at extrema. */
    private double[] tangent(int k) {
        double[] plus = diff(r[k + 1], r[k]);
        double[] minus = diff(r[k], r[k - 1]);
        double ep = energy[k + 1];
        double e = energy[k];
        double em = energy[k - 1];
        double[] t;
        if (ep > e && e > em) {
            t = plus;
        } else if (ep < e && e < em) {
            t = minus;
        } else {
            double dMax = Math.max(Math.abs(ep - e), Math.abs(em - e));
            double dMin = Math.min(Math.abs(ep - e), Math.abs(em - e));
            double wp = ep > em ? dMax : dMin;
            double wm = ep > em ? dMin : dMax;
            t = new double[plus.length];
            for (int q = 0; q < t.length; q++) t[q] = wp * plus[q] + wm * minus[q];
        }
        double n = norm(t);
        if (n == 0) throw new ArithmeticException("neb: images " + (k - 1) + ", " + k + " and " + (k + 1) + " coincide; the end structures are the same");
        for (int q = 0; q < t.length; q++) t[q] /= n;
        return t;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int q = 0; q < d.length; q++) d[q] = a[q] - b[q];
        return d;
    }

    private static double dot(double[] a, double[] b) { return Search.dot(a, b); }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
