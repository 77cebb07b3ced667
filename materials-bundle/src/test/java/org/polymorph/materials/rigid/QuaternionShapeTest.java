package org.polymorph.materials.rigid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.space.Box;

/** Quaternion algebra, uniform random orientations, shapes in their principal frame, bad input. */
class QuaternionShapeTest {
    @Test
    void productConjugateAndRotationAgree() {
        Quaternion a = Quaternion.random(RandomKey.of(1), 0);
        Quaternion b = Quaternion.random(RandomKey.of(1), 1);
        double[] v = {0.3, -1.2, 2.5};
        // q·(0, v)·q* equals R(q)·v
        Quaternion qv = a.times(new Quaternion(0, v[0], v[1], v[2])).times(a.conjugate());
        double[] r = a.rotate(v);
        assertEquals(0, qv.w(), 1e-14);
        assertEquals(r[0], qv.x(), 1e-14);
        assertEquals(r[1], qv.y(), 1e-14);
        assertEquals(r[2], qv.z(), 1e-14);
        // (ab) rotates as a after b
        double[] ab = a.times(b).rotate(v);
        double[] aThenB = a.rotate(b.rotate(v));
        for (int k = 0; k < 3; k++) assertEquals(aThenB[k], ab[k], 1e-13);
        // q q* = 1 and the matrix is orthogonal with det +1
        Quaternion one = a.times(a.conjugate());
        assertEquals(1, one.w(), 1e-15);
        double[] m = a.matrix();
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        assertEquals(1, det, 1e-14);
        // the matrix gives back the quaternion (up to sign)
        Quaternion back = Quaternion.fromMatrix(m);
        double sign = Math.signum(back.w() * a.w());
        assertEquals(a.x(), sign * back.x(), 1e-13);
        assertEquals(a.y(), sign * back.y(), 1e-13);
        assertEquals(a.z(), sign * back.z(), 1e-13);
        // a quarter turn about z takes x to y
        double[] y = Quaternion.axisAngle(new double[] {0, 0, 1}, Math.PI / 2).rotate(new double[] {1, 0, 0});
        assertEquals(0, y[0], 1e-15);
        assertEquals(1, y[1], 1e-15);
        assertEquals(2.0, new Quaternion(2, 0, 0, 0).norm());
        assertEquals(1.0, new Quaternion(0, 3, 4, 0).normalized().norm(), 1e-15);
    }

    /** Shoemake draws rotate z uniformly over the sphere: cos θ uniform on [−1, 1], azimuth uniform on [0, 2π). */
    @Test
    void randomOrientationsAreUniform() {
        int n = 40000;
        RandomKey key = RandomKey.of(2024);
        double c1 = 0, c2 = 0, cosPhi = 0, sinPhi = 0, cos2Phi = 0, w = 0;
        for (int i = 0; i < n; i++) {
            Quaternion q = Quaternion.random(key, i);
            assertEquals(1, q.norm(), 1e-14);
            double[] z = q.rotate(new double[] {0, 0, 1});
            double phi = Math.atan2(z[1], z[0]);
            c1 += z[2];
            c2 += z[2] * z[2];
            cosPhi += Math.cos(phi);
            sinPhi += Math.sin(phi);
            cos2Phi += Math.cos(2 * phi);
            w += q.w();
        }
        // standard errors: cos θ: √(1/3 /n); cos² θ: √(4/45 /n); cos φ, sin φ, cos 2φ: √(1/2 /n); w of the Haar measure: mean 0
        assertEquals(0, c1 / n, 4 * Math.sqrt(1.0 / 3 / n));
        assertEquals(1.0 / 3, c2 / n, 4 * Math.sqrt(4.0 / 45 / n));
        assertEquals(0, cosPhi / n, 4 * Math.sqrt(0.5 / n));
        assertEquals(0, sinPhi / n, 4 * Math.sqrt(0.5 / n));
        assertEquals(0, cos2Phi / n, 4 * Math.sqrt(0.5 / n));
        assertEquals(0, w / n, 4 * Math.sqrt(0.25 / n));
    }

    static Shape asymmetric() {
        return Shape.of3d(new double[] {0, 0, 0, 1.1, 0.2, 0, 0.1, 0.9, 0.3, 0.4, 0.3, 1.2}, new int[] {0, 1, 0, 1}, new double[] {1.0, 2.0, 1.5, 0.7});
    }

    @Test
    void shapesSitInTheirPrincipalFrame() {
        double[] given = {0, 0, 0, 1.1, 0.2, 0, 0.1, 0.9, 0.3, 0.4, 0.3, 1.2};
        double[] m = {1.0, 2.0, 1.5, 0.7};
        Shape s = asymmetric();
        assertEquals(5.2, s.mass(), 1e-15);
        double[] p = s.points();
        double[] com = new double[3];
        double[] t = new double[9];
        for (int i = 0; i < 4; i++) {
            double r2 = p[3 * i] * p[3 * i] + p[3 * i + 1] * p[3 * i + 1] + p[3 * i + 2] * p[3 * i + 2];
            for (int a = 0; a < 3; a++) {
                com[a] += m[i] * p[3 * i + a];
                for (int b = 0; b < 3; b++) t[3 * a + b] += m[i] * ((a == b ? r2 : 0) - p[3 * i + a] * p[3 * i + b]);
            }
        }
        for (int a = 0; a < 3; a++) {
            assertEquals(0, com[a], 1e-14);
            assertEquals(s.inertia(a), t[4 * a], 1e-13);
            for (int b = 0; b < 3; b++) if (a != b) assertEquals(0, t[3 * a + b], 1e-13);
        }
        assertTrue(s.inertia(0) < s.inertia(1) && s.inertia(1) < s.inertia(2), "distinct ascending principal moments");
        // orientation maps body points back to the given ones about the centre of mass
        double[] gc = new double[3];
        for (int i = 0; i < 4; i++) for (int a = 0; a < 3; a++) gc[a] += m[i] * given[3 * i + a] / s.mass();
        for (int i = 0; i < 4; i++) {
            double[] back = s.orientation().rotate(new double[] {p[3 * i], p[3 * i + 1], p[3 * i + 2]});
            for (int a = 0; a < 3; a++) assertEquals(given[3 * i + a] - gc[a], back[a], 1e-13);
        }
        // jax-md's point radius: 2D I = Σ m(|r|² + r²/2), a unit mass alone has I = 0.125 at r = 0.5
        assertEquals(0.125, Shape.of2d(new double[] {0, 0}, new int[] {0}, new double[] {1}, 0.5).inertia(2), 1e-15);
        assertEquals(0, Shape.of2d(new double[] {0, 0}, new int[] {0}, new double[] {1}).inertia(2));
        // a dimer turns about two axes only
        assertEquals(2, Shape.of3d(new double[] {0, 0, 0, 0, 0, 1}, new int[] {0, 0}, new double[] {1, 1}).rotationalDegreesOfFreedom());
    }

    @Test
    void badInputIsNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> Shape.of3d(new double[0], new int[0], new double[0]));
        assertTrue(e.getMessage().contains("at least one point"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Shape.of3d(new double[] {0, 0, 0}, new int[] {0}, new double[] {0}));
        assertTrue(e.getMessage().contains("'masses'") && e.getMessage().contains("mass > 0"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> RigidBodies.atRest(3, new double[3], new double[] {1, 0.1, 0, 0}, new int[] {0}));
        assertTrue(e.getMessage().contains("orientation of body 0") && e.getMessage().contains("normalise"), e.getMessage());
        Shape big = Shape.of3d(new double[] {0, 0, 0, 4, 0, 0}, new int[] {0, 0}, new double[] {1, 1});
        e = assertThrows(BadInputException.class, () -> new RigidSystem(List.of(big), List.of("A"), Box.orthorhombic(3, 3, 3)));
        assertTrue(e.getMessage().contains("'box'") && e.getMessage().contains("beyond half the box width"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new RigidSystem(List.of(asymmetric()), List.of("A"), Box.orthorhombic(9, 9, 9)));
        assertTrue(e.getMessage().contains("'species'"), e.getMessage());
        for (String msg : new String[] {e.getMessage()}) assertTrue(!msg.contains("org.polymorph"), msg);
    }
}
