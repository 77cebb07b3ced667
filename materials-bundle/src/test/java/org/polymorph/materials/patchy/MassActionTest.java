package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class MassActionTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    /** Homodimer 2A ⇌ A2 against m + 2K m² = C, and rings with log K > 100 (which failed from u = log C). */
    @Test
    void closedFormAndHugeConstants() {
        double c = 0.01;
        for (double logK : new double[] {-2, 3, 9}) {
            double k = Math.exp(logK);
            double m = (-1 + Math.sqrt(1 + 8 * k * c)) / (4 * k);
            double[] u = new MassAction(ad, new double[][] {{2}}, new double[] {c}).solve(new double[] {logK});
            assertEquals(Math.log(m), u[0], 1e-10);
        }
        MassAction rings = new MassAction(ad, new double[][] {{3}, {4}, {5}, {6}}, new double[] {c});
        // log K + n·u cancels to ~1e-14 relative here: the residual cannot reach 1e-14 (the solve used to give up)
        double[] logK = {40, 60, 90, 116.46692429435107};
        double u = rings.solve(logK)[0];
        double bound = Math.exp(u);
        for (int k = 0; k < 4; k++) bound += (3 + k) * Math.exp(logK[k] + (3 + k) * u);
        assertEquals(c, bound, 1e-10 * c);
    }
}
