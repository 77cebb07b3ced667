package org.polymorph.materials.internal.rigid;

import java.util.Locale;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.structure.Atoms;

/**
 * A LAMMPS data file of rigid bodies ({@code atom_style molecular}, one molecule ID per body, for
 * {@code fix rigid/nve|nvt molecule}): the points with their type and mass, and point velocities
 * v = V + ω × (R s) with V = P/M and ω = R·diag(1/I)·Rᵀ·L, from which LAMMPS recovers the same centre
 * velocities and angular momenta. 3D bodies in an orthorhombic box with its origin at 0; full
 * precision (%.17g). Point masses become per-atom types: type t + 1 for species t, mass of its first point.
 */
public final class LammpsRigidData {
    private LammpsRigidData() { }

    public static String write(RigidSystem sys, RigidBodies b) {
        if (sys.dimension() != 3 || !sys.box().isOrthorhombic()) {
            throw new IllegalArgumentException("LAMMPS rigid data: 3D bodies in an orthorhombic box only");
        }
        Atoms a = sys.points(b);
        double[] r = a.positions();
        double[] rot = sys.rotations(b);
        double[] p = b.momenta(), l = b.angularMomenta(), c = b.centres();
        int types = sys.typeNames().size();
        double[] mass = new double[types];
        for (Shape sh : sys.shapes()) for (int k = sh.size() - 1; k >= 0; k--) mass[sh.species(k)] = sh.masses()[k];
        StringBuilder s = new StringBuilder("rigid bodies\n\n");
        s.append(a.size()).append(" atoms\n").append(types).append(" atom types\n\n");
        String[] ax = {"x", "y", "z"};
        for (int k = 0; k < 3; k++) s.append("0 ").append(fmt(sys.box().h(k, k))).append(' ').append(ax[k]).append("lo ").append(ax[k]).append("hi\n");
        s.append("\nMasses\n\n");
        for (int t = 0; t < types; t++) s.append(t + 1).append(' ').append(fmt(mass[t] > 0 ? mass[t] : 1.0)).append('\n');
        s.append("\nAtoms # molecular\n\n");
        StringBuilder v = new StringBuilder("\nVelocities\n\n");
        int id = 0;
        for (int i = 0; i < b.size(); i++) {
            Shape sh = sys.shape(b.shape(i));
            double[] pi = new double[3];
            for (int k = 0; k < 3; k++) {
                double lk = rot[9 * i + k] * l[3 * i] + rot[9 * i + 3 + k] * l[3 * i + 1] + rot[9 * i + 6 + k] * l[3 * i + 2];
                pi[k] = sh.inertia(k) > 0 ? lk / sh.inertia(k) : 0;
            }
            double[] w = new double[3];
            for (int k = 0; k < 3; k++) w[k] = rot[9 * i + 3 * k] * pi[0] + rot[9 * i + 3 * k + 1] * pi[1] + rot[9 * i + 3 * k + 2] * pi[2];
            for (int k = 0; k < sh.size(); k++, id++) {
                double dx = r[3 * id] - c[3 * i], dy = r[3 * id + 1] - c[3 * i + 1], dz = r[3 * id + 2] - c[3 * i + 2];
                s.append(id + 1).append(' ').append(i + 1).append(' ').append(sh.species(k) + 1).append(' ')
                        .append(fmt(r[3 * id])).append(' ').append(fmt(r[3 * id + 1])).append(' ').append(fmt(r[3 * id + 2])).append('\n');
                v.append(id + 1).append(' ').append(fmt(p[3 * i] / sh.mass() + w[1] * dz - w[2] * dy)).append(' ')
                        .append(fmt(p[3 * i + 1] / sh.mass() + w[2] * dx - w[0] * dz)).append(' ')
                        .append(fmt(p[3 * i + 2] / sh.mass() + w[0] * dy - w[1] * dx)).append('\n');
            }
        }
        return s.append(v).toString();
    }

    private static String fmt(double x) { return String.format(Locale.ROOT, "%.17g", x); }
}
