package org.polymorph.materials.internal.rigid;

import java.util.List;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.internal.dynamics.Blowup;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The energy, centre forces and torques of rigid bodies from a {@link ForceField} over their points
 * (jax-md's {@code rigid_body.point_energy_neighbor_list}): point positions from the bodies, the force
 * field's energy and point forces with its neighbour list kept along the trajectory, then F = Σ f and
 * τ = Σ (R s) × f per body. Pairs inside a body are excluded exactly by subtracting, per body, the
 * energy of its shape alone in free space: for a pair potential that is the sum of its intra-body
 * pair terms, a constant of the rigid shape; their forces cancel in F and τ (central pair forces), so
 * forces and torques are those of the whole force field either way.
 */
public final class RigidForces {
    /** Energy (energy), centre forces [3B] and torques [3B], the point list used. */
    public record Result(double energy, double[] forces, double[] torques, NeighborList neighbors) { }

    private final ForceField ff;
    private final RigidSystem system;
    private final double[] intra;

    public RigidForces(ForceField ff, RigidSystem system) {
        if (ff == null) throw new IllegalArgumentException("rigid forces: force field is null");
        this.ff = ff;
        this.system = system;
        this.intra = new double[system.shapes().size()];
        if (!system.intraBody()) {
            List<Shape> shapes = system.shapes();
            for (int s = 0; s < shapes.size(); s++) intra[s] = isolatedEnergy(shapes.get(s));
        }
    }

    /** The energy of one shape's points alone, body frame, no periodic images (energy). */
    private double isolatedEnergy(Shape sh) {
        double[] m = new double[system.typeNames().size()];
        java.util.Arrays.fill(m, 1.0);
        Atoms a = new Atoms(sh.points(), sh.species(), system.typeNames(), m, Box.free());
        return ff.compute(a, null).evaluation().energy();
    }

    /** The intra-body energy subtracted per body of shape {@code s} (0 when the system includes such pairs). */
    public double intraBodyEnergy(int s) { return intra[s]; }

    public RigidSystem system() { return system; }

    /** At trajectory step {@code step} with the previous point list (null at first). */
    public Result compute(RigidBodies b, NeighborList previous, long step) {
        double[] rot = system.rotations(b);
        Atoms a = system.points(b, rot);
        ForceField.Computed c = ff.compute(a, previous, step);
        double[] f = c.evaluation().forces();
        int point = 0;
        for (int i = 0; i < b.size(); i++) {
            int n = system.shape(b.shape(i)).size();
            for (int p = 0; p < n; p++, point++) {
                for (int k = 0; k < 3; k++) {
                    if (!Double.isFinite(f[3 * point + k])) {
                        throw new Blowup(step, -1, "body " + i + " has a non-finite force on its point " + p + " (" + "xyz".charAt(k) + " = " + f[3 * point + k] + ")");
                    }
                }
            }
        }
        double e = c.evaluation().energy();
        if (!Double.isFinite(e)) throw new Blowup(step, -1, "the potential energy is " + e);
        if (!system.intraBody()) for (int i = 0; i < b.size(); i++) e -= intra[b.shape(i)];
        double[][] w = system.wrench(b, rot, f);
        return new Result(e, w[0], w[1], c.neighbors());
    }
}
