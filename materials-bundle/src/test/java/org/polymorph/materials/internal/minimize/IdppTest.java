package org.polymorph.materials.internal.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

class IdppTest {
    private static Atoms random(long seed, Box box, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r = new double[3 * n];
        for (int i = 0; i < r.length; i++) r[i] = 1 + 5 * rnd.nextDouble();
        return Atoms.of(r, "Ar", 39.948, box);
    }

    /** Forces = −∂S/∂r by central differences (h = 1e-5 Å), at an interior image, in a periodic cell small enough for minimum images to matter. */
    @Test
    void forcesAreTheNegativeGradientOfS() {
        Box box = Box.orthorhombic(6.5, 7, 7.5);
        Atoms a = random(1, box, 12);
        Atoms b = random(2, box, 12);
        Atoms at = random(3, box, 12);
        Idpp s = new Idpp(a, b, 3);
        Evaluation ev = s.at(2, at);
        double[] r = at.positions();
        double worst = 0;
        for (int q = 0; q < r.length; q++) {
            double[] p = r.clone();
            double[] m = r.clone();
            p[q] += 1e-5;
            m[q] -= 1e-5;
            double fd = -(s.at(2, at.withPositions(p)).energy() - s.at(2, at.withPositions(m)).energy()) / 2e-5;
            worst = Math.max(worst, Math.abs(fd - ev.forces()[q]) / Math.max(1, Math.abs(fd)));
        }
        System.out.printf("idpp forces vs central differences: worst relative error %.2e%n", worst);
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    /** S vanishes at the two ends (their own distances are the targets) and is positive between them. */
    @Test
    void theEndsSitAtItsMinimumAndTheLinearMidpointDoesNot() {
        Box box = Box.orthorhombic(6.5, 7, 7.5);
        Atoms a = random(1, box, 12);
        Atoms b = random(2, box, 12);
        Idpp s = new Idpp(a, b, 3);
        assertEquals(0, s.at(0, a).energy(), 1e-20);
        assertEquals(0, s.at(4, b).energy(), 1e-20);
        double[] mid = a.positions();
        double[] d = Neb.minimumImage(a.positions(), b.positions(), box);
        for (int q = 0; q < mid.length; q++) mid[q] += 0.5 * d[q];
        assertTrue(s.at(2, a.withPositions(mid)).energy() > 0);
    }
}
