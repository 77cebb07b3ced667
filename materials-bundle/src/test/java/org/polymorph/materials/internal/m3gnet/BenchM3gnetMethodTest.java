package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.structure.Atoms;

/** bench.m3gnet's amorphous Si: the density asked for, no periodic pair closer than the minimum, reproducible. */
class BenchM3gnetMethodTest {
    @Test
    void amorphousSiliconHasTheDensityAndNoClosePairs() {
        Atoms a = BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1);
        assertEquals(64, a.size());
        assertEquals(0.0468, a.size() / a.box().volume(), 1e-12);
        double l = a.box().h()[0];
        double min = Double.MAX_VALUE;
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < i; j++) {
                double d2 = 0;
                for (int k = 0; k < 3; k++) {
                    double d = a.x(i, k) - a.x(j, k);
                    d -= l * Math.rint(d / l);
                    d2 += d * d;
                }
                min = Math.min(min, Math.sqrt(d2));
            }
        }
        assertTrue(min >= 2.0 && min < 2.6, "closest pair " + min);
        assertEquals(a, BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1));
        assertThrows(BadInputException.class, () -> BenchM3gnetMethod.amorphous(64, 0.1, 3.0, 1));
    }
}
