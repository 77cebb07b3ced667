package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/**
 * Patchy bodies as rigid shapes for the rigid-body engine, and back: each {@link BodyType} becomes a {@link Shape}
 * whose points are its cores (atom type 0, mass 1 each, counted as balls of radius σ_c/2 for the inertia, as jax-md's
 * point_radius) and its patches (type 1 + species, mass {@link #PATCH_MASS}). The shape's centre of mass com (body
 * frame of the model) and principal frame O (3D; rotation principal → model frame) relate the two descriptions:
 * the model's body origin x = c − R·com and rotation R = R(q)·Oᵀ, with c and R(q) the rigid body's centre and
 * orientation; conversely c = x + R·com, R(q) = R·O.
 */
public final class PatchyBodies {
    /** Mass of a patch point (cores weigh 1): patches are near-massless markers, the core carries the inertia. */
    public static final double PATCH_MASS = 1e-3;

    private final PatchyModel model;
    private final List<Shape> shapes = new ArrayList<>();
    private final double[][] com;
    private final double[][] principal;

    /** Shapes of every body type with patch positions {@code patches} [t][m·d] (model body frame, row-major). */
    public PatchyBodies(PatchyModel model, double[][] patches, double coreSigma) {
        this.model = model;
        int d = model.dimension(), nt = model.types().size();
        com = new double[nt][3];
        principal = new double[nt][];
        for (int t = 0; t < nt; t++) {
            BodyType bt = model.types().get(t);
            double[][] cores = bt.cores();
            int[] ps = bt.patchSpecies();
            int n = cores.length + ps.length;
            double[] pts = new double[d * n], m = new double[n];
            int[] sp = new int[n];
            for (int i = 0; i < cores.length; i++) {
                System.arraycopy(cores[i], 0, pts, d * i, d);
                m[i] = 1;
            }
            for (int k = 0; k < ps.length; k++) {
                System.arraycopy(patches[t], d * k, pts, d * (cores.length + k), d);
                sp[cores.length + k] = 1 + ps[k];
                m[cores.length + k] = PATCH_MASS;
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += m[i];
                for (int a = 0; a < d; a++) com[t][a] += m[i] * pts[d * i + a];
            }
            for (int a = 0; a < d; a++) com[t][a] /= total;
            Shape s = d == 2 ? Shape.of2d(pts, sp, m, coreSigma / 2) : Shape.of3d(pts, sp, m, coreSigma / 2);
            shapes.add(s);
            principal[t] = d == 2 ? new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1} : s.orientation().matrix();
        }
    }

    public PatchyModel model() { return model; }

    /** Atom type names: "core", then "p0".."p(S−1)". */
    public List<String> typeNames() {
        List<String> n = new ArrayList<>(List.of("core"));
        for (int s = 0; s < model.patchSpecies(); s++) n.add("p" + s);
        return n;
    }

    /** The rigid system in {@code box} (pairs inside a body excluded, as the model). */
    public RigidSystem system(Box box) { return new RigidSystem(shapes, typeNames(), box); }

    /** Rigid bodies at rest from the model's body origins [n][d] and rotations [n][d·d] (body frame → world). */
    public RigidBodies bodies(int[] types, double[][] origins, double[][] rotations) {
        int n = types.length, d = model.dimension();
        double[] c = new double[3 * n], q = new double[(d == 3 ? 4 : 1) * n];
        for (int i = 0; i < n; i++) {
            double[] r = full(rotations[i]);
            double[] w = apply(r, com[types[i]]);
            for (int a = 0; a < d; a++) c[3 * i + a] = origins[i][a] + w[a];
            if (d == 2) q[i] = Math.atan2(rotations[i][2], rotations[i][0]);
            else Quaternion.fromMatrix(times(r, principal[types[i]])).into(q, i);
        }
        return RigidBodies.atRest(d, c, q, types);
    }

    /** The model's description of the bodies: body origins and rotations, with the periodic edges {@code box} (or null). */
    public Configuration configuration(RigidBodies b, double[] rot, double[] box) {
        int n = b.size(), d = model.dimension();
        int[] types = b.shapes();
        double[][] x = new double[n][d], r = new double[n][d * d];
        for (int i = 0; i < n; i++) {
            double[] ri = new double[9];
            System.arraycopy(rot, 9 * i, ri, 0, 9);
            double[] rm = times(ri, transpose(principal[types[i]]));
            double[] w = apply(rm, com[types[i]]);
            for (int a = 0; a < d; a++) {
                x[i][a] = b.centre(i, a) - w[a];
                for (int k = 0; k < d; k++) r[i][a * d + k] = rm[3 * a + k];
            }
        }
        return new Configuration(types, x, r, box);
    }

    /** A d×d row-major rotation as 3×3 (2D: about z). */
    private static double[] full(double[] r) {
        if (r.length == 9) return r.clone();
        return new double[] {r[0], r[1], 0, r[2], r[3], 0, 0, 0, 1};
    }

    private static double[] apply(double[] m, double[] v) {
        double[] o = new double[3];
        for (int a = 0; a < 3; a++) o[a] = m[3 * a] * v[0] + m[3 * a + 1] * v[1] + m[3 * a + 2] * v[2];
        return o;
    }

    private static double[] times(double[] a, double[] b) {
        double[] o = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) o[3 * i + j] += a[3 * i + k] * b[3 * k + j];
        return o;
    }

    private static double[] transpose(double[] a) {
        return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
    }
}
