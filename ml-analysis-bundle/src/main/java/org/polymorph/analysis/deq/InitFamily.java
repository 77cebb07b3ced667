package org.polymorph.analysis.deq;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.polymorph.autodiff.nn.Initializers;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The weight-matrix ensembles of Agarwala &amp; Schoenholz (2022, arXiv 2207.09432) for the n×n recurrent matrix W of a
 * DEQ layer, each at scale σ so that every family has the same entry variance σ²/n (the same second moments; they differ
 * in higher-order statistics, which is the paper's point):
 * <ul>
 *   <li>{@link #GAUSSIAN}: i.i.d. entries N(0, σ²/n) (circular law: eigenvalues fill the disc of radius σ);</li>
 *   <li>{@link #ORTHOGONAL}: σ·Q with Q Haar-orthogonal, from the QR decomposition of an n×n standard Gaussian matrix
 *   with the signs of R's diagonal moved into Q (Mezzadri 2007, "How to generate random matrices from the classical
 *   compact groups"): every singular value is σ;</li>
 *   <li>{@link #SYMMETRIC}: (A + Aᵀ)/√2 with A i.i.d. N(0, σ²/n), GOE-like (semicircle of radius 2σ, real spectrum).</li>
 * </ul>
 * Draws are reproducible: the matrix is a function of (key, n, σ) only.
 */
public enum InitFamily {
    GAUSSIAN, ORTHOGONAL, SYMMETRIC;

    /** The lower-case name users give. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** Every family's {@link #id()}. */
    public static List<String> ids() { return Arrays.stream(values()).map(InitFamily::id).toList(); }

    /** The family named {@code id} (case-insensitive); IllegalArgumentException listing the choices otherwise. */
    public static InitFamily of(String id) {
        for (InitFamily f : values()) if (f.id().equalsIgnoreCase(id == null ? "" : id.trim())) return f;
        throw new IllegalArgumentException("unknown initialisation family '" + id + "'; use one of " + String.join(", ", ids()));
    }

    /** An n×n float64 matrix of this family at scale σ (σ ≥ 0, n ≥ 1). */
    public Tensor sample(TensorService ts, RandomKey key, int n, double sigma) {
        if (n < 1) throw new IllegalArgumentException("initialisation: n = " + n + "; give n >= 1");
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("initialisation: sigma = " + sigma + "; give a finite sigma >= 0");
        // orthogonal: Q of the QR of the Gaussian matrix, diag(R) signs folded in (Haar), as the nn initializer draws it
        if (this == ORTHOGONAL) return Initializers.orthogonal(sigma).apply(ts, key, DType.FLOAT64, n, n);
        double[] a = ts.toDoubleArray(ts.normal(key, DType.FLOAT64, n, n));
        double[] w = new double[n * n];
        if (this == GAUSSIAN) {
            double s = sigma / Math.sqrt(n);
            for (int i = 0; i < w.length; i++) w[i] = s * a[i];
        } else {
            double s = sigma / Math.sqrt(n) / Math.sqrt(2);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i * n + j] = s * (a[i * n + j] + a[j * n + i]);
        }
        return ts.fromArray(w, n, n);
    }
}
