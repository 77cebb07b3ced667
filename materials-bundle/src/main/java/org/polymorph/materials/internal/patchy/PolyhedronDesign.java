package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.PatchGeometry;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * Design of 3D self-limiting clusters (King et al., PNAS 2024: triangle, tetrahedron, octahedron): one body type, a core
 * of diameter 1 (soft sphere σ = 1, α = 2) and m patches of one species on a sphere of radius R at polar angle θ from
 * the body axis and azimuths 2πk/m ({@link PatchGeometry#sphere}); the competing clusters share the bodies by mass
 * action ({@link EquilibriumYields}, kT = 1). Design parameters θ = (polar angle [degrees], Morse well depth ε [kT],
 * Morse range α [1/length]). A cluster is seeded with its centres on a polyhedron of edge 2R and each body turned so
 * that patches point at its bonded neighbours; its bodies relax to the minimum at every θ.
 */
final class PolyhedronDesign extends DesignObjective {
    /** A cluster's centres [n][3] (edge 2R between bonded bodies) and name. */
    record Shape(String name, double[][] centres) { }

    private final List<ClusterSpecies> species = new ArrayList<>();
    private final int targetIndex, patches;
    private final double radius, coreEps, concentration;
    private final EquilibriumYields yields;
    private final PatchyModel model;

    /**
     * @param patches       m, patches per body
     * @param shapes        the competing clusters (centres with bonded neighbours 2R apart)
     * @param target        name of the target among them
     * @param radius        R, patch distance from the centre (length)
     * @param coreEps       soft-sphere ε (kT)
     * @param concentration total body concentration (bodies/length³)
     */
    PolyhedronDesign(AD ad, int patches, List<Shape> shapes, String target, double radius, double coreEps, double concentration,
                     double[] lower, double[] upper, double[] start) {
        super(List.of("polar_deg", "eps", "alpha"), lower, upper, start);
        this.patches = patches;
        this.radius = radius;
        this.coreEps = coreEps;
        this.concentration = concentration;
        int t = -1;
        for (int k = 0; k < shapes.size(); k++) {
            species.add(seed(shapes.get(k), Math.toRadians(start[0])));
            if (shapes.get(k).name().equals(target)) t = k;
        }
        if (t < 0) throw new IllegalArgumentException("target " + target + " is not among the clusters");
        this.targetIndex = t;
        this.model = new PatchyModel(3, List.of(new BodyType("P", new double[][] {{0, 0, 0}}, new int[patches])), 1, Cutoff.jaxMd(1.0));
        this.yields = new EquilibriumYields(ad, model, 1.0);
    }

    /** A regular n-gon in the xy plane with edge 2R. */
    static Shape polygon(int n, double radius) {
        double rc = radius / Math.sin(Math.PI / n);
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) c[i] = new double[] {rc * Math.cos(2 * Math.PI * i / n), rc * Math.sin(2 * Math.PI * i / n), 0};
        return new Shape("ring" + n, c);
    }

    /** A regular tetrahedron of edge 2R: alternate corners of a cube of side 2R/√2. */
    static Shape tetrahedron(double radius) {
        double s = radius / Math.sqrt(2);
        return new Shape("tetrahedron", new double[][] {{s, s, s}, {s, -s, -s}, {-s, s, -s}, {-s, -s, s}});
    }

    /** A regular octahedron of edge 2R: ±(R√2) along each axis. */
    static Shape octahedron(double radius) {
        double s = radius * Math.sqrt(2);
        return new Shape("octahedron", new double[][] {{s, 0, 0}, {-s, 0, 0}, {0, s, 0}, {0, -s, 0}, {0, 0, s}, {0, 0, -s}});
    }

    /** Bodies at the shape's centres, ω = 0, reference rotations pointing patches (polar angle θ) at bonded neighbours. */
    private ClusterSpecies seed(Shape shape, double polar) {
        double[][] c = shape.centres();
        int n = c.length;
        double[][] body = new double[patches][];
        for (int k = 0; k < patches; k++) {
            double phi = 2 * Math.PI * k / patches;
            body[k] = new double[] {Math.sin(polar) * Math.cos(phi), Math.sin(polar) * Math.sin(phi), Math.cos(polar)};
        }
        double[][] rows = new double[n][6];
        double[][] refs = new double[n][];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c[i], 0, rows[i], 0, 3);
            List<double[]> bonds = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                double[] u = sub(c[j], c[i]);
                if (j != i && Math.abs(norm(u) - 2 * radius) < 1e-9 * radius) bonds.add(scale(u, 1 / norm(u)));
            }
            if (bonds.size() < 2 || bonds.size() > patches) throw new IllegalArgumentException("cluster " + shape.name() + ": body " + i
                    + " has " + bonds.size() + " bonded neighbours for " + patches + " patches");
            refs[i] = bestRotation(body, bonds);
        }
        return new ClusterSpecies(shape.name(), new int[n], rows, refs, 0);
    }

    /**
     * Over the one-to-one maps of bonds onto patches, the rotation [9] row-major taking the first two mapped patch
     * directions onto their bonds' ({@link #frame}) that aligns all mapped pairs best (least squares).
     */
    private static double[] bestRotation(double[][] body, List<double[]> bonds) {
        List<int[]> maps = new ArrayList<>();
        injections(new int[bonds.size()], 0, new boolean[body.length], maps);
        double[] best = null;
        double fit = Double.POSITIVE_INFINITY;
        for (int[] m : maps) {
            double[] r = frame(body[m[0]], body[m[1]], bonds.get(0), bonds.get(1));
            double f = misfit(r, body, bonds, m);
            if (f < fit) {
                fit = f;
                best = r;
            }
        }
        return best;
    }

    /** Every one-to-one map of map.length items onto used.length, appended to {@code out}. */
    private static void injections(int[] map, int next, boolean[] used, List<int[]> out) {
        if (next == map.length) {
            out.add(map.clone());
            return;
        }
        for (int k = 0; k < used.length; k++) {
            if (used[k]) continue;
            used[k] = true;
            map[next] = k;
            injections(map, next + 1, used, out);
            used[k] = false;
        }
    }

    private static double misfit(double[] r, double[][] body, List<double[]> bonds, int[] map) {
        double s = 0;
        for (int j = 0; j < map.length; j++) s += dist2(apply(r, body[map[j]]), bonds.get(j));
        return s;
    }

    /** R = F_w F_bᵀ with F = (unit(a + b), unit(a − b), their cross product) of body vectors (d1, d2) and world (u1, u2). */
    private static double[] frame(double[] d1, double[] d2, double[] u1, double[] u2) {
        double[][] fb = basis(d1, d2), fw = basis(u1, u2);
        double[] r = new double[9];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) for (int k = 0; k < 3; k++) r[a * 3 + b] += fw[k][a] * fb[k][b];
        return r;
    }

    private static double[][] basis(double[] a, double[] b) {
        double[] e1 = add(a, b), e2 = sub(a, b);
        e1 = scale(e1, 1 / norm(e1));
        e2 = scale(e2, 1 / norm(e2));
        return new double[][] {e1, e2, {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]}};
    }

    private static double[] apply(double[] r, double[] v) {
        return new double[] {r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2], r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
    }

    private static double[] add(double[] a, double[] b) { return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }

    private static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

    private static double[] scale(double[] a, double s) { return new double[] {a[0] * s, a[1] * s, a[2] * s}; }

    private static double norm(double[] a) { return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); }

    private static double dist2(double[] a, double[] b) {
        double[] d = sub(a, b);
        return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    }

    /** Shares [1 + K] of the bodies (monomers, then each cluster) at θ. */
    EquilibriumYields.Yields shares(Ops o, Var polarDegrees, Var eps, Var alpha) {
        return yields.yields(species, parameters(o, polarDegrees, eps, alpha), new double[] {concentration});
    }

    /** The model's parameters at θ: m patches at the polar angle and azimuths 2πk/m on the sphere of radius R. */
    private PatchyParams parameters(Ops o, Var polarDegrees, Var eps, Var alpha) {
        Var[] polar = new Var[patches];
        double[] azimuth = new double[patches];
        Var theta = polarDegrees.mul(Math.PI / 180);
        for (int k = 0; k < patches; k++) {
            polar[k] = theta;
            azimuth[k] = 2 * Math.PI * k / patches;
        }
        Var pts = PatchGeometry.sphere(o, o.concat(0, polar), o.constant(azimuth, patches), radius);
        return params(o, pts, eps, alpha, coreEps);
    }

    @Override Cluster target(AD ad, double[] theta) {
        Var[] v = constants(ad.ops(), theta);
        return relaxed(ad.ops(), yields, model, species.get(targetIndex), parameters(ad.ops(), v[0], v[1], v[2]));
    }

    @Override Var share(Ops o, Var[] theta) { return entry(o, shares(o, theta[0], theta[1], theta[2]).fractions(), 1 + targetIndex); }
}
