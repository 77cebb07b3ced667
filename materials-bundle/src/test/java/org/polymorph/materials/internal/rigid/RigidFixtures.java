package org.polymorph.materials.internal.rigid;

import java.util.List;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/** Small rigid systems for tests: asymmetric LJ trimers on a cubic grid with random orientations, reduced units. */
final class RigidFixtures {
    private RigidFixtures() { }

    /** An asymmetric triangle of three unit-mass points (sides 1.0, 0.95, 1.09). */
    static Shape trimer() {
        return Shape.of3d(new double[] {0, 0, 0, 1.0, 0, 0, 0.3, 0.9, 0}, new int[] {0, 0, 0}, new double[] {1, 1, 1});
    }

    /** The same triangle in the plane. */
    static Shape trimer2d() {
        return Shape.of2d(new double[] {0, 0, 1.0, 0, 0.3, 0.9}, new int[] {0, 0, 0}, new double[] {1, 1, 1});
    }

    /** LJ ε = σ = 1 cut at 2.5σ (unshifted, as LAMMPS's default), skin 0.3σ. */
    static ForceField lj() { return PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, false), 0.3); }

    /** n³ trimers on a cubic grid of spacing a in a periodic cube, random orientations from {@code seed}, at rest. */
    static RigidBodies grid(int n, double a, long seed) { return RigidBodies.cubicGrid(n, a, RandomKey.of(seed)); }

    /** n² planar trimers on a square grid of spacing a, random angles. */
    static RigidBodies grid2d(int n, double a, long seed) {
        int b = n * n;
        double[] c = new double[3 * b];
        double[] t = new double[b];
        RandomKey key = RandomKey.of(seed);
        for (int i = 0; i < b; i++) {
            c[3 * i] = a * (i % n + 0.5);
            c[3 * i + 1] = a * (i / n + 0.5);
            t[i] = 2 * Math.PI * key.uniform(i);
        }
        return RigidBodies.atRest(2, c, t, new int[b]);
    }

    static RigidSystem system(double length, boolean intraBody) {
        return new RigidSystem(List.of(trimer()), List.of("A"), Box.orthorhombic(length, length, length), intraBody);
    }

    static RigidSystem system2d(double length) {
        return new RigidSystem(List.of(trimer2d()), List.of("A"),
                new Box(new double[] {length, 0, 0, 0, length, 0, 0, 0, 10}, new boolean[] {true, true, false}), false);
    }
}
