package org.polymorph.materials.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EquationOfStateTest {
    /** BM3 in closed form (Birch 1947): E(V) = E0 + 9V0B0/16 {[η−1]³B0' + [η−1]²[6 − 4η]}, η = (V0/V)^(2/3). */
    static double bm3(double v, double v0, double e0, double b0, double bp) {
        double eta = Math.pow(v0 / v, 2.0 / 3);
        return e0 + 9 * v0 * b0 / 16 * (Math.pow(eta - 1, 3) * bp + Math.pow(eta - 1, 2) * (6 - 4 * eta));
    }

    @Test
    void recoversTheParametersOfExactBirchMurnaghanData() {
        double v0 = 20.02, e0 = -4.3366, b0 = 0.633, bp = 4.4;
        double[] v = new double[9];
        double[] e = new double[9];
        for (int i = 0; i < 9; i++) {
            v[i] = v0 * (0.93 + 0.017 * i);
            e[i] = bm3(v[i], v0, e0, b0, bp);
        }
        EquationOfState.Fit f = EquationOfState.birchMurnaghan(v, e);
        assertEquals(v0, f.v0(), 1e-9 * v0);
        assertEquals(e0, f.e0(), 1e-12);
        assertEquals(b0, f.b0(), 1e-8 * b0);
        assertEquals(bp, f.b0Prime(), 1e-7);
        assertTrue(f.rms() < 1e-13, "rms " + f.rms());
        // −dE/dV of the fit against a central difference of the closed form
        double vv = 0.97 * v0, h = 1e-5;
        assertEquals(-(bm3(vv + h, v0, e0, b0, bp) - bm3(vv - h, v0, e0, b0, bp)) / (2 * h), f.pressure(vv), 1e-8);
    }

    @Test
    void aMinimumAtTheEdgeOrTooFewPointsIsRefusedWithTheFix() {
        double[] v = {10, 11, 12, 13, 14};
        double[] falling = {5, 4, 3, 2, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EquationOfState.birchMurnaghan(v, falling));
        assertTrue(e.getMessage().contains("largest volume") && e.getMessage().contains("widen the range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EquationOfState.birchMurnaghan(new double[] {1, 2, 3}, new double[] {1, 0, 1}));
        assertTrue(e.getMessage().contains("at least 5"), e.getMessage());
    }
}
