package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class PolyhedronDesignTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    /** Stiff cores (ε = 2000 kT) keep each patch to one bond; near the triangle's 30° the triangle holds a share of the bodies. */
    @Test
    void triangleGradientEqualsCentralDifferences() {
        PolyhedronDesign d = new PolyhedronDesign(ad, 2, List.of(PolyhedronDesign.polygon(3, 0.45), PolyhedronDesign.polygon(4, 0.45)),
                "ring3", 0.45, 2000, 0.001, new double[] {15, 2, 2}, new double[] {75, 14, 10}, new double[] {32, 10, 5});
        DesignObjective.Sample s = DesignSearchTest.assertGradientMatches(ad, d, new double[] {32, 10, 5});
        System.out.println("triangle: yield " + s.yield() + " gradient " + java.util.Arrays.toString(s.gradient()));
        assertTrue(s.yield() > 1e-3, "triangles form: " + s.yield());
    }

    @Test
    void tetrahedronHasAYield() {
        PolyhedronDesign d = new PolyhedronDesign(ad, 3, List.of(PolyhedronDesign.polygon(3, 0.45), PolyhedronDesign.tetrahedron(0.45)),
                "tetrahedron", 0.45, 100, 0.001, new double[] {15, 2, 2}, new double[] {75, 14, 10}, new double[] {35, 8, 5});
        long t0 = System.nanoTime();
        DesignObjective.Sample s = d.evaluate(ad, new double[] {35, 8, 5}, false);
        System.out.println("tetrahedron: yield " + s.yield() + " " + s.failure() + " in " + (System.nanoTime() - t0) * 1e-9 + " s");
        assertFalse(s.failed(), s.failure());
        assertTrue(s.yield() > 0.5, "at the ideal polar angle deep wells bind tetrahedra: " + s.yield());
    }

    @Test
    void octahedronHasAYield() {
        PolyhedronDesign d = new PolyhedronDesign(ad, 4, List.of(PolyhedronDesign.polygon(3, 0.45), PolyhedronDesign.polygon(4, 0.45),
                PolyhedronDesign.octahedron(0.45)), "octahedron", 0.45, 100, 0.001, new double[] {15, 2, 2}, new double[] {75, 14, 10},
                new double[] {45, 8, 5});
        long t0 = System.nanoTime();
        DesignObjective.Sample s = d.evaluate(ad, new double[] {45, 8, 5}, true);
        System.out.println("octahedron: yield " + s.yield() + " " + s.failure() + " in " + (System.nanoTime() - t0) * 1e-9 + " s");
        assertFalse(s.failed(), s.failure());
        assertTrue(s.yield() > 0.5, "at the ideal polar angle deep wells bind octahedra: " + s.yield());
    }
}
