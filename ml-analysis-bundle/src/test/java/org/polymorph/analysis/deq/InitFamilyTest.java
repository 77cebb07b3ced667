package org.polymorph.analysis.deq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** The three ensembles: structure, entry variance σ²/n, reproducibility. */
class InitFamilyTest {
    private final TensorService ts = new ReferenceTensorService();
    private static final int N = 120;
    private static final double SIGMA = 1.7;

    private double[] sample(InitFamily f, long seed) { return ts.toDoubleArray(f.sample(ts, RandomKey.of(seed), N, SIGMA)); }

    @Test
    void everyFamilyHasEntryVarianceSigmaSquaredOverN() {
        for (InitFamily f : InitFamily.values()) {
            double[] w = sample(f, 11);
            double ss = 0;
            for (double v : w) ss += v * v;
            double var = ss / w.length;
            // N² = 14400 entries: the sample variance is within a few percent of σ²/n
            assertEquals(SIGMA * SIGMA / N, var, 0.06 * SIGMA * SIGMA / N, f.id());
        }
    }

    @Test
    void orthogonalHasAllSingularValuesSigmaAndSymmetricIsSymmetric() {
        double[] q = sample(InitFamily.ORTHOGONAL, 3);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < N; k++) s += q[k * N + i] * q[k * N + j];
                assertEquals(i == j ? SIGMA * SIGMA : 0, s, 1e-10, "QᵀQ at " + i + "," + j);
            }
        }
        double[] s = sample(InitFamily.SYMMETRIC, 3);
        for (int i = 0; i < N; i++) for (int j = 0; j < i; j++) assertEquals(s[i * N + j], s[j * N + i], 0.0);
        double[] g = sample(InitFamily.GAUSSIAN, 3);
        assertTrue(Math.abs(g[1] - g[N]) > 0, "the Gaussian draw is not symmetric");
    }

    @Test
    void drawsAreReproducibleAndDependOnTheKey() {
        for (InitFamily f : InitFamily.values()) {
            assertArrayEquals(sample(f, 5), sample(f, 5), 0.0, f.id());
            assertFalse(Arrays.equals(sample(f, 5), sample(f, 6)), f.id());
        }
    }

    @Test
    void namesParseAndBadOnesAreRefused() {
        assertEquals(InitFamily.SYMMETRIC, InitFamily.of("Symmetric"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InitFamily.of("uniform"));
        assertTrue(e.getMessage().contains("'uniform'") && e.getMessage().contains("gaussian, orthogonal, symmetric"), e.getMessage());
    }
}
