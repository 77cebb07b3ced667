package org.polymorph.analysis.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Kernel comparisons shared by the NTK tests: relative max-norm agreement, symmetry and positive semi-definiteness. */
final class KernelAsserts {
    static final double REL = 1e-10;

    private KernelAsserts() { }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) m = Math.max(m, Math.abs(d));
        return m;
    }

    /** max |want − got| ≤ 1e-10 · max |want|, and the kernel is not all zeros. */
    static void assertAgree(TensorService ts, Tensor want, Tensor got, String what) {
        assertArrayEquals(want.shape().toArray(), got.shape().toArray(), what + ": shape");
        double[] w = ts.toDoubleArray(want);
        double[] g = ts.toDoubleArray(got);
        double scale = Math.max(1e-300, maxAbs(w));
        double diff = 0;
        for (int i = 0; i < w.length; i++) diff = Math.max(diff, Math.abs(w[i] - g[i]));
        assertTrue(diff <= REL * scale, what + ": max |diff| " + diff + " > " + REL + " x " + scale);
        assertTrue(scale > 1e-6, what + ": kernel is all zeros");
    }

    /** An (n, n) kernel is symmetric and its eigenvalues are ≥ −1e-10 · max |Θ|. */
    static void assertSymmetricPsd(TensorService ts, Tensor k, String what) {
        int n = k.shape().dim(0);
        double[] kv = ts.toDoubleArray(k);
        double scale = maxAbs(kv);
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) assertEquals(kv[a * n + b], kv[b * n + a], 1e-12 * scale, what + " symmetric");
        for (double e : ts.toDoubleArray(ts.eigh(k).values())) assertTrue(e >= -1e-10 * scale, what + " eigenvalue " + e);
    }
}
