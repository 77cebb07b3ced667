package org.polymorph.materials.internal.patchy;

import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;

/**
 * A random non-overlapping start for patchy MD by random sequential insertion: body origins uniform in the periodic
 * box [0, L)^d, orientations uniform (Haar measure: {@link Quaternion#random} in 3D, a uniform angle in 2D), a try
 * rejected when any of its cores comes closer than σ_c (the core contact distance, minimum image) to a core of a body
 * already placed.
 */
final class RandomStart {
    private RandomStart() { }

    /** Bodies of {@code types} [n] at rest in a box of edge {@code edge}; {@code tries} attempts per body before giving up. */
    static RigidBodies place(PatchyBodies pb, int[] types, double edge, double sigma, RandomKey key, int tries) {
        int n = types.length, d = pb.model().dimension();
        double[][] origins = new double[n][], rotations = new double[n][];
        double[][][] cores = new double[n][][];
        long draw = 0;
        for (int i = 0; i < n; i++) {
            BodyType bt = pb.model().types().get(types[i]);
            boolean placed = false;
            for (int t = 0; t < tries && !placed; t++, draw++) {
                double[] x = new double[d];
                for (int a = 0; a < d; a++) x[a] = edge * key.uniform((d + 1) * draw + a);
                double[] r;
                if (d == 3) {
                    r = Quaternion.random(key.split(2)[1], draw).matrix();
                } else {
                    double th = 2 * Math.PI * key.uniform((d + 1) * draw + d);
                    r = new double[] {Math.cos(th), -Math.sin(th), Math.sin(th), Math.cos(th)};
                }
                double[][] c = bt.cores();
                for (int k = 0; k < c.length; k++) {
                    double[] w = x.clone();
                    for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) w[a] += r[a * d + b] * c[k][b];
                    c[k] = w;
                }
                placed = true;
                for (int j = 0; j < i && placed; j++) placed = apart(c, cores[j], edge, sigma);
                if (placed) {
                    origins[i] = x;
                    rotations[i] = r;
                    cores[i] = c;
                }
            }
            if (!placed) throw BadInputException.forParam("concentration", n + " bodies in a box of edge " + SimulateMethod.fmt(edge),
                    "body " + i + " found no place without core overlap in " + tries + " tries", "give a lower concentration or a larger box");
        }
        return pb.bodies(types, origins, rotations);
    }

    private static boolean apart(double[][] a, double[][] b, double edge, double sigma) {
        for (double[] p : a) {
            for (double[] q : b) {
                double s = 0;
                for (int k = 0; k < p.length; k++) {
                    double x = p[k] - q[k];
                    x -= edge * Math.rint(x / edge);
                    s += x * x;
                }
                if (s < sigma * sigma) return false;
            }
        }
        return true;
    }
}
