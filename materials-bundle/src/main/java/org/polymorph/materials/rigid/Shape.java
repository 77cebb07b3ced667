package org.polymorph.materials.rigid;

import java.util.Arrays;
import org.polymorph.core.method.BadInputException;

/**
 * A rigid shape: a union of P points (jax-md's {@code RigidPointUnion}, a LAMMPS molecule under
 * {@code fix rigid}, HOOMD's constituent particles) with body-frame positions [3P] (length; z = 0 in
 * 2D), a species per point (the atom type index the pair potential sees) and a mass per point (mass).
 * The factories move the points to the centre of mass and, in 3D, rotate them into the principal
 * frame of the inertia tensor, so the tensor is diag({@link #inertia()}); {@link #orientation()} is
 * the rotation from that frame back to the frame the points were given in. Each point may count as a
 * uniform ball of radius {@code pointRadius} (jax-md's {@code point_radius}, default 0.5 there: 2D adds
 * m·r²/2 per point, 3D adds (2/5)·m·r² to each principal moment); the default here is 0, point
 * masses, as LAMMPS and HOOMD.
 */
public final class Shape {
    /** Principal moments below this fraction of the largest are zero (a linear body has two rotational degrees of freedom). */
    public static final double ZERO_MOMENT = 1e-12;

    private final int dimension;
    private final double[] points;
    private final int[] species;
    private final double[] masses;
    private final double mass;
    private final double[] inertia;
    private final Quaternion orientation;
    private final double radius;

    private Shape(int dimension, double[] points, int[] species, double[] masses, double mass, double[] inertia, Quaternion orientation) {
        this.dimension = dimension;
        this.points = points;
        this.species = species;
        this.masses = masses;
        this.mass = mass;
        this.inertia = inertia;
        this.orientation = orientation;
        double r = 0;
        for (int i = 0; i < masses.length; i++) r = Math.max(r, Math.sqrt(dot(points, i, points, i)));
        this.radius = r;
    }

    /** A 3D shape from points [3P] (length), species [P] (type indices ≥ 0) and masses [P] (mass > 0), as point masses. */
    public static Shape of3d(double[] points, int[] species, double[] masses) { return of3d(points, species, masses, 0); }

    /**
     * The same with each point a ball of radius {@code pointRadius} (length) for the inertia tensor
     * (jax-md: I += (2/5)·m·r² on the diagonal).
     */
    public static Shape of3d(double[] points, int[] species, double[] masses, double pointRadius) {
        double[] c = centred(points, species, masses, 3, pointRadius);
        int p = masses.length;
        double[] t = new double[9];
        double ball = 0;
        for (int i = 0; i < p; i++) {
            double r2 = dot(c, i, c, i);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) t[3 * a + b] += masses[i] * ((a == b ? r2 : 0) - c[3 * i + a] * c[3 * i + b]);
            }
            ball += 0.4 * masses[i] * pointRadius * pointRadius;
        }
        double[][] eig = principalAxes(t);
        double[] axes = eig[1];
        double[] body = new double[3 * p];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < 3; k++) {
                body[3 * i + k] = axes[k] * c[3 * i] + axes[3 + k] * c[3 * i + 1] + axes[6 + k] * c[3 * i + 2];
            }
        }
        double[] moments = eig[0];
        double largest = Math.max(moments[0], Math.max(moments[1], moments[2]));
        for (int k = 0; k < 3; k++) moments[k] = moments[k] <= ZERO_MOMENT * largest ? ball : moments[k] + ball;
        return new Shape(3, body, species.clone(), masses.clone(), total(masses), moments, Quaternion.fromMatrix(axes));
    }

    /** A 2D shape from points [2P] (x y per point, length), species [P] and masses [P], as point masses. */
    public static Shape of2d(double[] points, int[] species, double[] masses) { return of2d(points, species, masses, 0); }

    /** The same with each point a disc of radius {@code pointRadius} (jax-md: I = Σ m(|r|² + r²/2)). */
    public static Shape of2d(double[] points, int[] species, double[] masses, double pointRadius) {
        if (points == null || masses == null || points.length != 2 * masses.length) {
            throw BadInputException.forParam("points", points == null ? "none" : points.length + " numbers",
                    "a 2D shape needs 2 coordinates (x y) per point, one per mass", "give x y for each of the " + (masses == null ? 0 : masses.length) + " points");
        }
        double[] xyz = new double[3 * masses.length];
        for (int i = 0; i < masses.length; i++) {
            xyz[3 * i] = points[2 * i];
            xyz[3 * i + 1] = points[2 * i + 1];
        }
        double[] c = centred(xyz, species, masses, 2, pointRadius);
        double izz = 0;
        for (int i = 0; i < masses.length; i++) izz += masses[i] * (dot(c, i, c, i) + pointRadius * pointRadius / 2);
        return new Shape(2, c, species.clone(), masses.clone(), total(masses), new double[] {0, 0, izz}, Quaternion.IDENTITY);
    }

    /** 2 or 3. */
    public int dimension() { return dimension; }

    /** The number of points P. */
    public int size() { return masses.length; }

    /** Body-frame positions [3P] (length), centre of mass at the origin, principal axes along x, y, z. */
    public double[] points() { return points.clone(); }

    /** Component {@code axis} of point {@code i} in the body frame. */
    public double point(int i, int axis) { return points[3 * i + axis]; }

    /** Atom type index of each point [P]. */
    public int[] species() { return species.clone(); }

    public int species(int i) { return species[i]; }

    /** Point masses [P]. */
    public double[] masses() { return masses.clone(); }

    /** Total mass (mass). */
    public double mass() { return mass; }

    /** Principal moments of inertia [3] (mass·length²), (I₁, I₂, I₃) about body x, y, z; 2D: (0, 0, I_zz). Zero for axes a body cannot turn about. */
    public double[] inertia() { return inertia.clone(); }

    public double inertia(int axis) { return inertia[axis]; }

    /** The rotation from the body (principal) frame to the frame the points were given in (identity in 2D). */
    public Quaternion orientation() { return orientation; }

    /** The largest distance of a point from the centre of mass (length). */
    public double radius() { return radius; }

    /** The number of rotational degrees of freedom: non-zero principal moments (3D), 1 or 0 (2D). */
    public int rotationalDegreesOfFreedom() {
        int n = 0;
        for (double i : inertia) if (i > 0) n++;
        return n;
    }

    @Override public String toString() {
        return dimension + "D shape of " + size() + " points, mass " + mass + ", principal moments " + Arrays.toString(inertia);
    }

    /** Positions [3P] minus the mass-weighted centre, after the checks every shape needs. */
    private static double[] centred(double[] xyz, int[] species, double[] masses, int dimension, double pointRadius) {
        if (masses == null || masses.length == 0) {
            throw BadInputException.forParam("points", "none", "a shape needs at least one point", "give the body-frame positions, species and masses of its points");
        }
        int p = masses.length;
        if (xyz == null || xyz.length != 3 * p) {
            throw BadInputException.forParam("points", xyz == null ? "none" : xyz.length + " numbers", "a " + dimension + "D shape of " + p
                    + " masses needs " + dimension * p + " coordinates", "give " + dimension + " coordinates per point");
        }
        if (species == null || species.length != p) {
            throw BadInputException.forParam("species", species == null ? "none" : species.length + " entries", "one species per point is needed",
                    "give " + p + " atom type indices");
        }
        for (int i = 0; i < p; i++) {
            if (!(masses[i] > 0) || !Double.isFinite(masses[i])) {
                throw BadInputException.forParam("masses", masses[i], "point " + i + " has a mass that is not finite and positive", "give every point a mass > 0");
            }
            if (species[i] < 0) throw BadInputException.forParam("species", species[i], "point " + i + " has a negative type index", "give type indices >= 0");
        }
        for (double v : xyz) {
            if (!Double.isFinite(v)) throw BadInputException.forParam("points", v, "a coordinate is not finite", "give finite body-frame positions");
        }
        if (!(pointRadius >= 0) || !Double.isFinite(pointRadius)) {
            throw BadInputException.forParam("point_radius", pointRadius, "must be finite and >= 0", "give 0 for point masses (LAMMPS, HOOMD) or 0.5 as jax-md");
        }
        double m = total(masses);
        double[] com = new double[3];
        for (int i = 0; i < p; i++) for (int k = 0; k < 3; k++) com[k] += masses[i] * xyz[3 * i + k] / m;
        double[] c = new double[3 * p];
        for (int i = 0; i < p; i++) for (int k = 0; k < 3; k++) c[3 * i + k] = xyz[3 * i + k] - com[k];
        return c;
    }

    private static double total(double[] m) {
        double s = 0;
        for (double v : m) s += v;
        return s;
    }

    private static double dot(double[] a, int i, double[] b, int j) {
        return a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2];
    }

    /**
     * Eigenvalues (ascending) and eigenvectors (columns of a proper rotation matrix [9], row-major) of the
     * symmetric tensor t [9], by cyclic Jacobi sweeps over the pairs (p, q) (Golub & Van Loan, Matrix
     * Computations, §8.5.3).
     */
    private static double[][] principalAxes(double[] t) {
        double[][] a = new double[3][3];
        double[][] v = new double[3][3];
        for (int i = 0; i < 3; i++) {
            v[i][i] = 1;
            for (int j = 0; j < 3; j++) a[i][j] = t[3 * i + j];
        }
        for (int sweep = 0; sweep < 64; sweep++) {
            double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
            if (off <= 1e-32 * diag || off == 0) break;
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double tn = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double cs = 1 / Math.sqrt(tn * tn + 1);
                    double sn = tn * cs;
                    for (int k = 0; k < 3; k++) {
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = cs * akp - sn * akq;
                        a[k][q] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = cs * apk - sn * aqk;
                        a[q][k] = sn * apk + cs * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = cs * vkp - sn * vkq;
                        v[k][q] = sn * vkp + cs * vkq;
                    }
                }
            }
        }
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (i, j) -> Double.compare(a[i][i], a[j][j]));
        double[] values = new double[3];
        double[] axes = new double[9];
        for (int c = 0; c < 3; c++) {
            values[c] = a[order[c]][order[c]];
            for (int r = 0; r < 3; r++) axes[3 * r + c] = v[r][order[c]];
        }
        double det = axes[0] * (axes[4] * axes[8] - axes[5] * axes[7]) - axes[1] * (axes[3] * axes[8] - axes[5] * axes[6])
                + axes[2] * (axes[3] * axes[7] - axes[4] * axes[6]);
        if (det < 0) for (int r = 0; r < 3; r++) axes[3 * r + 2] = -axes[3 * r + 2];
        return new double[][] {values, axes};
    }
}
