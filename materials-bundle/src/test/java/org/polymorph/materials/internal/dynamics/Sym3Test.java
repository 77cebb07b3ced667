package org.polymorph.materials.internal.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Sym3Test {
    @Test
    void eigenDecompositionReconstructsAndIsOrthonormal() {
        Random rnd = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            double[] a = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = i; j < 3; j++) a[3 * i + j] = a[3 * j + i] = rnd.nextGaussian() * (trial % 3 == 0 ? 1e-6 : 1);
            }
            if (trial == 1) a = new double[] {2, 0, 0, 0, 2, 0, 0, 0, 2};           // degenerate
            if (trial == 2) a = new double[] {1, 1e-9, 0, 1e-9, 1, 0, 0, 0, 3};     // nearly degenerate
            Sym3.Eigen e = Sym3.eigen(a);
            double[] back = e.map(x -> x);
            double[] oto = new double[9];
            double[] o = e.vectors();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 3; k++) oto[3 * i + j] += o[3 * k + i] * o[3 * k + j];
                }
            }
            double scale = 0;
            for (double x : a) scale = Math.max(scale, Math.abs(x));
            for (int c = 0; c < 9; c++) {
                assertEquals(a[c], back[c], 1e-14 * Math.max(scale, 1e-300) + 1e-300, "A = OΛOᵀ, trial " + trial);
                assertEquals(c % 4 == 0 ? 1 : 0, oto[c], 1e-14, "OᵀO = I, trial " + trial);
            }
            // exp through the decomposition agrees with the series for a small matrix
            double[] ex = e.map(x -> Math.exp(1e-3 * x));
            double[] series = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            double[] term = series.clone();
            for (int n = 1; n < 8; n++) {
                double[] next = new double[9];
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) next[3 * i + j] += term[3 * i + k] * 1e-3 * a[3 * k + j] / n;
                term = next;
                for (int c = 0; c < 9; c++) series[c] += term[c];
            }
            for (int c = 0; c < 9; c++) assertEquals(series[c], ex[c], 1e-14, "exp(1e-3 A), trial " + trial);
        }
    }
}
