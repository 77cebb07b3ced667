package org.polymorph.materials.rigid;

import org.polymorph.core.method.BadInputException;

/**
 * The state of B rigid bodies in {@code dimension} 2 or 3 (jax-md's {@code RigidBody} of positions and
 * of momenta): centres of mass [3B] (length, never wrapped; z = 0 in 2D), orientations (3D: unit
 * quaternions [4B] (w, x, y, z), body frame → space frame; 2D: angles [B], radians), linear momenta
 * [3B] (mass·length/time), angular momenta in the space frame (3D: [3B]; 2D: L_z [B], mass·length²/time)
 * and the index of each body's shape in the {@link RigidSystem} [B]. Arrays are copied in and out.
 */
public record RigidBodies(int dimension, double[] centres, double[] orientations, double[] momenta, double[] angularMomenta,
                          int[] shapes) {
    public RigidBodies {
        if (dimension != 2 && dimension != 3) throw BadInputException.forParam("dimension", dimension, "rigid bodies live in 2 or 3 dimensions", "give 2 or 3");
        int b = shapes == null ? 0 : shapes.length;
        int ro = dimension == 3 ? 4 : 1;
        int rl = dimension == 3 ? 3 : 1;
        length("centres", centres, 3 * b, "3 coordinates per body");
        length("orientations", orientations, ro * b, dimension == 3 ? "a unit quaternion (w x y z) per body" : "an angle per body");
        length("momenta", momenta, 3 * b, "3 components per body");
        length("angular_momenta", angularMomenta, rl * b, dimension == 3 ? "3 components per body" : "one (L_z) per body");
        for (double[] a : new double[][] {centres, orientations, momenta, angularMomenta}) {
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) throw BadInputException.forParam("bodies", a[i], "body " + i / (a == orientations ? ro : a == angularMomenta ? rl : 3)
                        + " has a non-finite entry", "give finite centres, orientations and momenta");
            }
        }
        if (dimension == 3) for (int i = 0; i < b; i++) Quaternion.of(orientations, i).requireUnit("orientation of body " + i);
        if (dimension == 2) {
            for (int i = 0; i < b; i++) {
                if (centres[3 * i + 2] != 0 || momenta[3 * i + 2] != 0) {
                    throw BadInputException.forParam("centres", centres[3 * i + 2], "body " + i + " of a 2D system has a z component", "give z = 0 for centres and momenta");
                }
            }
        }
        centres = centres.clone();
        orientations = orientations.clone();
        momenta = momenta.clone();
        angularMomenta = angularMomenta.clone();
        shapes = shapes.clone();
    }

    private static void length(String name, double[] a, int n, String what) {
        if (a == null || a.length != n) throw BadInputException.forParam(name, a == null ? "none" : a.length + " numbers", "needs " + what + " (" + n + ")", "give " + n + " numbers");
    }

    /** B bodies at rest. */
    public static RigidBodies atRest(int dimension, double[] centres, double[] orientations, int[] shapes) {
        int b = shapes.length;
        return new RigidBodies(dimension, centres, orientations, new double[3 * b], new double[(dimension == 3 ? 3 : 1) * b], shapes);
    }

    /**
     * n³ 3D bodies of shape 0 at rest at the centres of the cells of a cubic grid of spacing {@code spacing}
     * (length; cell (i, j, k) at ((i + ½)a, (j + ½)a, (k + ½)a), x fastest), orientations uniform
     * ({@link Quaternion#random}, draw i for body i of {@code key}).
     */
    public static RigidBodies cubicGrid(int n, double spacing, org.polymorph.core.tensor.RandomKey key) {
        if (n < 1) throw BadInputException.forParam("bodies_per_axis", n, "a grid needs at least one body per axis", "give n >= 1");
        int b = n * n * n;
        double[] c = new double[3 * b];
        double[] q = new double[4 * b];
        for (int i = 0; i < b; i++) {
            c[3 * i] = spacing * (i % n + 0.5);
            c[3 * i + 1] = spacing * ((i / n) % n + 0.5);
            c[3 * i + 2] = spacing * (i / (n * n) + 0.5);
            Quaternion.random(key, i).into(q, i);
        }
        return atRest(3, c, q, new int[b]);
    }

    /** The number of bodies B. */
    public int size() { return shapes.length; }

    @Override public double[] centres() { return centres.clone(); }

    @Override public double[] orientations() { return orientations.clone(); }

    @Override public double[] momenta() { return momenta.clone(); }

    @Override public double[] angularMomenta() { return angularMomenta.clone(); }

    @Override public int[] shapes() { return shapes.clone(); }

    public int shape(int body) { return shapes[body]; }

    public double centre(int body, int axis) { return centres[3 * body + axis]; }

    /** The orientation of a 3D body; for 2D, the rotation by its angle about z. */
    public Quaternion orientation(int body) {
        if (dimension == 3) return Quaternion.of(orientations, body);
        return new Quaternion(Math.cos(orientations[body] / 2), 0, 0, Math.sin(orientations[body] / 2));
    }

    /** The same bodies with other momenta and angular momenta. */
    public RigidBodies withMomenta(double[] p, double[] l) { return new RigidBodies(dimension, centres, orientations, p, l, shapes); }

    @Override public boolean equals(Object o) {
        return o instanceof RigidBodies r && r.dimension == dimension && java.util.Arrays.equals(r.centres, centres)
                && java.util.Arrays.equals(r.orientations, orientations) && java.util.Arrays.equals(r.momenta, momenta)
                && java.util.Arrays.equals(r.angularMomenta, angularMomenta) && java.util.Arrays.equals(r.shapes, shapes);
    }

    @Override public int hashCode() { return java.util.Arrays.hashCode(centres) * 31 + java.util.Arrays.hashCode(orientations); }

    @Override public String toString() { return size() + " rigid bodies in " + dimension + "D"; }
}
