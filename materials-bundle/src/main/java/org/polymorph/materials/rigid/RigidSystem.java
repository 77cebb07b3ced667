package org.polymorph.materials.rigid;

import java.util.List;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * What the bodies of a {@link RigidBodies} state are made of and where they live: the shapes (each
 * body names one by index), the atom type names the points' species index, the box (2D: z not
 * periodic, all points at z = 0) and whether pairs of points inside one body enter the energy
 * ({@code intraBody}; false as LAMMPS's {@code neigh_modify exclude molecule/intra} and HOOMD's
 * {@code 'body'} exclusion, true as jax-md's {@code point_energy}). Internal pair forces of a body
 * sum to zero force and torque, so the option changes only the reported energy. Gives the map from
 * bodies to point positions (r = c + R(q)·s) and from point forces to centre forces and torques
 * (F = Σ f, τ = Σ (R s) × f).
 */
public record RigidSystem(List<Shape> shapes, List<String> typeNames, Box box, boolean intraBody) {
    public RigidSystem {
        if (shapes == null || shapes.isEmpty()) throw BadInputException.forParam("shapes", "none", "a rigid system needs at least one shape", "give the shapes of the bodies");
        shapes = List.copyOf(shapes);
        typeNames = List.copyOf(typeNames);
        if (box == null) throw BadInputException.forParam("box", "none", "a rigid system needs a box", "give a periodic box, or Box.free() for a cluster");
        int d = shapes.get(0).dimension();
        if (d == 2 && box.periodic(2)) {
            throw BadInputException.forParam("box", box, "a 2D system must not be periodic along z", "make the box periodic in x and y only");
        }
        double reach = Double.POSITIVE_INFINITY;
        double[] widths = box.perpendicularWidths();
        for (int k = 0; k < 3; k++) if (box.periodic(k)) reach = Math.min(reach, widths[k] / 2);
        for (int s = 0; s < shapes.size(); s++) {
            Shape sh = shapes.get(s);
            if (sh.dimension() != d) throw BadInputException.forParam("shapes", s, "shape " + s + " is " + sh.dimension() + "D, shape 0 is " + d + "D", "give shapes of one dimension");
            for (int i = 0; i < sh.size(); i++) {
                if (sh.species(i) >= typeNames.size()) {
                    throw BadInputException.forParam("species", sh.species(i), "point " + i + " of shape " + s + " names a type beyond the " + typeNames.size()
                            + " type names " + typeNames, "give species < " + typeNames.size() + " or more type names");
                }
            }
            if (!(sh.radius() < reach)) {
                throw BadInputException.forParam("box", box, "a point of shape " + s + " lies " + sh.radius() + " from its centre, beyond half the box width ("
                        + reach + "), so a body would meet its own periodic image", "give a larger box or a smaller shape");
            }
        }
    }

    /** Excluding pairs inside a body (LAMMPS and HOOMD). */
    public RigidSystem(List<Shape> shapes, List<String> typeNames, Box box) { this(shapes, typeNames, box, false); }

    public int dimension() { return shapes.get(0).dimension(); }

    public Shape shape(int index) { return shapes.get(index); }

    /** Σ points over the bodies. */
    public int pointCount(RigidBodies b) {
        int n = 0;
        for (int i = 0; i < b.size(); i++) n += shapeOf(b, i).size();
        return n;
    }

    private Shape shapeOf(RigidBodies b, int body) {
        int s = b.shape(body);
        if (s < 0 || s >= shapes.size()) {
            throw BadInputException.forParam("shapes", s, "body " + body + " names a shape outside the system's " + shapes.size(), "give indices < " + shapes.size());
        }
        return shapes.get(s);
    }

    /** R(q) [9] of each body (2D: rotation by its angle about z), in body order [9B]. */
    public double[] rotations(RigidBodies b) {
        if (b.dimension() != dimension()) throw BadInputException.forParam("dimension", b.dimension(), "the bodies are not " + dimension() + "D as the shapes", "give bodies of the shapes' dimension");
        double[] r = new double[9 * b.size()];
        double[] o = b.orientations();
        for (int i = 0; i < b.size(); i++) {
            if (dimension() == 3) {
                Quaternion.matrix(o, i, r, 9 * i);
            } else {
                double c = Math.cos(o[i]), s = Math.sin(o[i]);
                r[9 * i] = c;
                r[9 * i + 1] = -s;
                r[9 * i + 3] = s;
                r[9 * i + 4] = c;
                r[9 * i + 8] = 1;
            }
        }
        return r;
    }

    /**
     * The points as Atoms for a {@link org.polymorph.materials.dynamics.ForceField}: positions [3N]
     * r = c + R·s body after body in shape order, types the points' species, every type mass 1
     * (pair potentials ignore masses), the system's box.
     */
    public Atoms points(RigidBodies b) { return points(b, rotations(b)); }

    /** The same with the bodies' {@link #rotations} given [9B]. */
    public Atoms points(RigidBodies b, double[] rot) {
        double[] c = b.centres();
        int n = pointCount(b);
        double[] r = new double[3 * n];
        int[] t = new int[n];
        int a = 0;
        for (int i = 0; i < b.size(); i++) {
            Shape sh = shapeOf(b, i);
            for (int p = 0; p < sh.size(); p++, a++) {
                for (int k = 0; k < 3; k++) {
                    r[3 * a + k] = c[3 * i + k] + rot[9 * i + 3 * k] * sh.point(p, 0) + rot[9 * i + 3 * k + 1] * sh.point(p, 1)
                            + rot[9 * i + 3 * k + 2] * sh.point(p, 2);
                }
                t[a] = sh.species(p);
            }
        }
        double[] masses = new double[typeNames.size()];
        java.util.Arrays.fill(masses, 1.0);
        return new Atoms(r, t, typeNames, masses, box);
    }

    /**
     * Centre forces [3B] and torques [3B] about the centres (space frame; 2D: only z) from point forces
     * f [3N] (energy/length): F_b = Σ f_i, τ_b = Σ (r_i − c_b) × f_i, as HOOMD's and LAMMPS's transfer.
     * Returns {forces, torques}.
     */
    public double[][] wrench(RigidBodies b, double[] pointForces) { return wrench(b, rotations(b), pointForces); }

    /** The same with the bodies' {@link #rotations} given [9B]. */
    public double[][] wrench(RigidBodies b, double[] rot, double[] pointForces) {
        double[] f = new double[3 * b.size()];
        double[] tau = new double[3 * b.size()];
        int a = 0;
        for (int i = 0; i < b.size(); i++) {
            Shape sh = shapeOf(b, i);
            for (int p = 0; p < sh.size(); p++, a++) {
                double[] d = new double[3];
                for (int k = 0; k < 3; k++) {
                    d[k] = rot[9 * i + 3 * k] * sh.point(p, 0) + rot[9 * i + 3 * k + 1] * sh.point(p, 1) + rot[9 * i + 3 * k + 2] * sh.point(p, 2);
                }
                double fx = pointForces[3 * a], fy = pointForces[3 * a + 1], fz = pointForces[3 * a + 2];
                f[3 * i] += fx;
                f[3 * i + 1] += fy;
                f[3 * i + 2] += fz;
                tau[3 * i] += d[1] * fz - d[2] * fy;
                tau[3 * i + 1] += d[2] * fx - d[0] * fz;
                tau[3 * i + 2] += d[0] * fy - d[1] * fx;
            }
        }
        if (dimension() == 2) {
            for (int i = 0; i < b.size(); i++) {
                f[3 * i + 2] = 0;
                tau[3 * i] = 0;
                tau[3 * i + 1] = 0;
            }
        }
        return new double[][] {f, tau};
    }

    /** Σ |P|²/(2M) · mvv2e (energy). */
    public double translationalKineticEnergy(RigidBodies b, UnitSystem units) {
        double[] p = b.momenta();
        double s = 0;
        for (int i = 0; i < b.size(); i++) s += (p[3 * i] * p[3 * i] + p[3 * i + 1] * p[3 * i + 1] + p[3 * i + 2] * p[3 * i + 2]) / shapeOf(b, i).mass();
        return 0.5 * s * units.mvv2e();
    }

    /** Σ_k π_k²/(2 I_k) · mvv2e over the non-zero principal moments, π = Rᵀ L the body-frame angular momentum (energy). */
    public double rotationalKineticEnergy(RigidBodies b, UnitSystem units) {
        double[] l = b.angularMomenta();
        double s = 0;
        if (dimension() == 2) {
            for (int i = 0; i < b.size(); i++) {
                double izz = shapeOf(b, i).inertia(2);
                if (izz > 0) s += l[i] * l[i] / izz;
            }
            return 0.5 * s * units.mvv2e();
        }
        double[] rot = rotations(b);
        for (int i = 0; i < b.size(); i++) {
            Shape sh = shapeOf(b, i);
            for (int k = 0; k < 3; k++) {
                double pk = rot[9 * i + k] * l[3 * i] + rot[9 * i + 3 + k] * l[3 * i + 1] + rot[9 * i + 6 + k] * l[3 * i + 2];
                if (sh.inertia(k) > 0) s += pk * pk / sh.inertia(k);
            }
        }
        return 0.5 * s * units.mvv2e();
    }

    /** Translational degrees of freedom: d·B, less d when the total momentum is conserved or removed (at least d). */
    public int translationalDegreesOfFreedom(RigidBodies b, boolean momentumFixed) {
        int d = dimension();
        return Math.max(d, momentumFixed ? d * b.size() - d : d * b.size());
    }

    /** Rotational degrees of freedom: Σ over bodies of their shapes' non-zero principal moments. */
    public int rotationalDegreesOfFreedom(RigidBodies b) {
        int n = 0;
        for (int i = 0; i < b.size(); i++) n += shapeOf(b, i).rotationalDegreesOfFreedom();
        return n;
    }

    /**
     * The bodies with thermal momenta at {@code temperature} (as jax-md's {@code initialize_momenta}):
     * P ~ √(M k_BT/mvv2e)·N(0, 1) per component from {@code key.split(2)[0]}, mean momentum removed
     * (velocity-weighted so that the total is zero); body-frame π_k ~ √(I_k k_BT/mvv2e)·N(0, 1) from
     * {@code key.split(2)[1]} (zero about axes of zero moment), turned to the space frame.
     */
    public RigidBodies thermalised(RandomKey key, RigidBodies b, double temperature, UnitSystem units) {
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw BadInputException.forParam("temperature", temperature, "must be finite and >= 0", "give a temperature in the unit system's temperature unit");
        }
        RandomKey[] k = key.split(2);
        double kT = units.boltzmann() * temperature / units.mvv2e();
        int d = dimension();
        int n = b.size();
        double[] p = new double[3 * n];
        double[] mean = new double[3];
        double mt = 0;
        for (int i = 0; i < n; i++) {
            double m = shapeOf(b, i).mass();
            mt += m;
            for (int a = 0; a < d; a++) {
                p[3 * i + a] = Math.sqrt(m * kT) * k[0].normal(3L * i + a);
                mean[a] += p[3 * i + a];
            }
        }
        if (n > 1) for (int i = 0; i < n; i++) for (int a = 0; a < d; a++) p[3 * i + a] -= mean[a] * shapeOf(b, i).mass() / mt;
        double[] l = new double[(d == 3 ? 3 : 1) * n];
        double[] rot = rotations(b);
        for (int i = 0; i < n; i++) {
            Shape sh = shapeOf(b, i);
            if (d == 2) {
                l[i] = Math.sqrt(sh.inertia(2) * kT) * k[1].normal(i);
                continue;
            }
            double[] pi = new double[3];
            for (int a = 0; a < 3; a++) pi[a] = Math.sqrt(sh.inertia(a) * kT) * k[1].normal(3L * i + a);
            for (int a = 0; a < 3; a++) l[3 * i + a] = rot[9 * i + 3 * a] * pi[0] + rot[9 * i + 3 * a + 1] * pi[1] + rot[9 * i + 3 * a + 2] * pi[2];
        }
        return b.withMomenta(p, l);
    }
}
