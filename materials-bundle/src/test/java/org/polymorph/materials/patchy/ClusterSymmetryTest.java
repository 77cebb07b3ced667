package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterSymmetryTest {
    private static final double TOL = 1e-9;

    /** 2D ring of n bodies (core at the centre, like patches at ±half on radius 0.45), stretched by {@code stretch} along x. */
    private static double[][][] ring(int n, double half, double stretch) {
        double[][][] pts = new double[n][][];
        double circum = 0.45 / Math.sin(Math.PI / n);
        for (int i = 0; i < n; i++) {
            double phi = 2 * Math.PI * i / n, th = phi + Math.PI;
            double x = (1 + stretch) * circum * Math.cos(phi), y = circum * Math.sin(phi);
            pts[i] = new double[][] {{x, y}, {x + 0.45 * Math.cos(th + half), y + 0.45 * Math.sin(th + half)},
                {x + 0.45 * Math.cos(th - half), y + 0.45 * Math.sin(th - half)}};
        }
        return pts;
    }

    private static int[][] labels(int n, int... perBody) {
        int[][] l = new int[n][];
        for (int i = 0; i < n; i++) l[i] = perBody.clone();
        return l;
    }

    @Test
    void ringsCountProperRotationsOnly() {
        assertEquals(3, ClusterSymmetry.symmetryNumber(new int[3], labels(3, 0, 1, 1), ring(3, Math.PI / 6, 0), TOL));
        assertEquals(4, ClusterSymmetry.symmetryNumber(new int[4], labels(4, 0, 1, 1), ring(4, Math.PI / 4, 0), TOL));
        // stretched along x (a rhombus of bodies): only the half turn survives
        assertEquals(2, ClusterSymmetry.symmetryNumber(new int[4], labels(4, 0, 1, 1), ring(4, Math.PI / 4, 0.1), TOL));
        // two body types alternate: only turns that map types onto types
        assertEquals(2, ClusterSymmetry.symmetryNumber(new int[] {0, 1, 0, 1}, labels(4, 0, 1, 1), ring(4, Math.PI / 4, 0), TOL));
        // like patches can swap under the mirror: the ring is achiral; unlike patches make each body, not the ring, chiral-free
        assertEquals(false, ClusterSymmetry.chiral(new int[3], labels(3, 0, 1, 1), ring(3, Math.PI / 6, 0), TOL));
    }

    @Test
    void pinwheelIsChiral() {
        // every body turned the same way round: C3 but no mirror
        double[][][] pts = ring(3, Math.PI / 6, 0);
        for (double[][] body : pts) {
            double c = Math.cos(0.1), s = Math.sin(0.1);
            for (int k = 1; k < 3; k++) {
                double dx = body[k][0] - body[0][0], dy = body[k][1] - body[0][1];
                body[k] = new double[] {body[0][0] + c * dx - s * dy, body[0][1] + s * dx + c * dy};
            }
        }
        assertEquals(3, ClusterSymmetry.symmetryNumber(new int[3], labels(3, 0, 1, 1), pts, TOL));
        assertEquals(true, ClusterSymmetry.chiral(new int[3], labels(3, 0, 1, 1), pts, TOL));
        // one body alone is achiral (its like patches swap under its own mirror)
        assertEquals(false, ClusterSymmetry.chiral(new int[1], labels(1, 0, 1, 1), new double[][][] {pts[0]}, TOL));
    }

    @Test
    void dimers3d() {
        double[][][] dimer = {{{-1, 0, 0}, {0, 0, 0.3}, {0, 0.2, -0.1}}, {{1, 0, 0}, {0, 0, 0.3}, {0, 0.2, -0.1}}};
        assertEquals(1, ClusterSymmetry.symmetryNumber(new int[] {0, 1}, labels(2, 0, 1, 2), dimer, TOL));
        // identical bodies related by a half turn about z
        double[][][] homo = {{{-1, 0, 0}, {-0.5, 0.1, 0.2}}, {{1, 0, 0}, {0.5, -0.1, 0.2}}};
        assertEquals(2, ClusterSymmetry.symmetryNumber(new int[2], labels(2, 0, 1), homo, TOL));
        // a body of four unlike points spanning 3D is chiral
        assertEquals(true, ClusterSymmetry.chiral(new int[1], new int[][] {{0, 1, 2, 3}},
                new double[][][] {{{0, 0, 0}, {1, 0, 0}, {0, 2, 0}, {0, 0, 3}}}, TOL));
    }
}
