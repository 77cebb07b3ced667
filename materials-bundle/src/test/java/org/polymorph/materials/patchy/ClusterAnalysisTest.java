package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAnalysisTest {
    private static final double H = Math.PI / 2;
    /** Two patches at 0° and 90° on radius 0.5 (core diameter 1): square corners. */
    private static final PatchyModel SQUARE = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 0})), 1,
            Cutoff.jaxMd(1.0));
    private static final double[][][] SQUARE_PATCHES = {{{0.5, 0}, {0, 0.5}}};

    /** A unit square at (x0, y0): corners counter-clockwise, each turned so its patches face its two neighbours. */
    private static List<double[]> square(double x0, double y0) {
        return List.of(new double[] {x0, y0, 0}, new double[] {x0 + 1, y0, H}, new double[] {x0 + 1, y0 + 1, 2 * H},
                new double[] {x0, y0 + 1, 3 * H});
    }

    private static Configuration planar(List<double[]> rows, double[] box) {
        return Configuration.planar(new int[rows.size()], rows.toArray(double[][]::new), box);
    }

    @Test
    void squareIsFoundAndBrokenOrDistortedClustersAreNot() {
        List<double[]> rows = new ArrayList<>(square(0, 0));
        rows.addAll(square(5, 0).subList(0, 3));                  // a square missing a corner: an open chain of three
        rows.add(new double[] {10, 10, 0.3});                     // a monomer
        List<double[]> bent = new ArrayList<>(square(0, 5));
        bent.set(2, new double[] {1.12, 6.1, 2 * H});             // a corner pushed out: bonds within 0.2, one edge 0.12 longer
        rows.addAll(bent);
        ClusterAnalysis a = ClusterAnalysis.of(SQUARE, SQUARE_PATCHES, planar(rows, null), BondRule.distance(0.2));
        int[] hist = a.sizeHistogram();
        assertEquals(1, hist[1]);
        assertEquals(1, hist[3]);
        assertEquals(2, hist[4]);
        assertEquals(4 + 2 + 4, a.bonds().size());
        TargetStructure target = TargetStructure.ring("square", 4, 0, 1.0, 0.05);
        List<int[]> found = a.matches(target);
        assertEquals(1, found.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, found.get(0));
        assertEquals(4.0 / 12, a.yield(target), 1e-15);
        // a looser geometry tolerance accepts the distorted square too
        assertEquals(8.0 / 12, a.yield(TargetStructure.ring("square", 4, 0, 1.0, 0.2)), 1e-15);
        // a triangle target of the right size never matches a chain (graph isomorphism)
        assertEquals(0, a.yield(TargetStructure.ring("triangle", 3, 0, 1.0, 10)), 0);
    }

    @Test
    void squareAcrossThePeriodicBoundaryIsFound() {
        List<double[]> rows = new ArrayList<>();
        for (double[] r : square(3.5, -0.5)) rows.add(new double[] {((r[0] % 4) + 4) % 4, ((r[1] % 4) + 4) % 4, r[2]});
        ClusterAnalysis open = ClusterAnalysis.of(SQUARE, SQUARE_PATCHES, planar(rows, null), BondRule.distance(0.2));
        assertEquals(0, open.bonds().size());
        ClusterAnalysis periodic = ClusterAnalysis.of(SQUARE, SQUARE_PATCHES, planar(rows, new double[] {4, 4}), BondRule.distance(0.2));
        assertEquals(1.0, periodic.yield(TargetStructure.ring("square", 4, 0, 1.0, 0.05)), 0);
    }

    /** Triangles of bodies with patches at ±30° on radius 0.45, bonded by Morse energy below −4 (ε = 6, α = 5: r &lt; 0.17). */
    @Test
    void triangleByEnergyRule() {
        PatchyModel m = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 0})), 1, Cutoff.jaxMd(1.0));
        double t = Math.PI / 6;
        double[][][] patches = {{{0.45 * Math.cos(t), 0.45 * Math.sin(t)}, {0.45 * Math.cos(t), -0.45 * Math.sin(t)}}};
        double side = 0.9, radius = side / Math.sqrt(3);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            double phi = 2 * Math.PI * i / 3;
            rows.add(new double[] {radius * Math.cos(phi), radius * Math.sin(phi), phi + Math.PI});
        }
        for (int i = 0; i < 3; i++) {                             // the same triangle opened: the third body turned away
            double phi = 2 * Math.PI * i / 3;
            rows.add(new double[] {20 + radius * Math.cos(phi), radius * Math.sin(phi), phi + Math.PI + (i == 2 ? 2.0 : 0)});
        }
        BondRule rule = BondRule.energy(-4, new double[][] {{6}}, new double[][] {{5}}, 0, Cutoff.jaxMd(1.0));
        ClusterAnalysis a = ClusterAnalysis.of(m, patches, planar(rows, null), rule);
        assertEquals(3 + 1, a.bonds().size());
        for (ClusterAnalysis.Bond b : a.bonds()) assertEquals(0, b.distance(), 1e-12);
        TargetStructure tri = TargetStructure.ring("triangle", 3, 0, side, 0.01);
        assertEquals(0.5, a.yield(tri), 1e-15);
        assertArrayEquals(new int[] {0, 1, 1, 1, 0, 0, 0}, a.sizeHistogram());
    }
}
