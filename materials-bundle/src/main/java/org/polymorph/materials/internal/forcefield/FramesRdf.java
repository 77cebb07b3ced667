package org.polymorph.materials.internal.forcefield;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Primitive;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.HalfListWalk;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.structure.Atoms;

/**
 * The smooth total RDF averaged over frames as one primitive of the frames' positions [F, N, 3] (Å): per frame
 * g(r_k) = V Σ_pairs 2 G_σ(r_k − r_ij) / (4π r_k² N²), G_σ the unit Gaussian of width σ (the formula of
 * {@link org.polymorph.materials.properties.Rdf#smooth} for the total), the frames' mean [K]. Computed in plain arrays
 * over each frame's half list, each pair reaching only the grid points within 8σ (the Gaussian below e^{−32} beyond) of
 * the uniform grid, its Gaussians by a two-multiply recurrence instead of an exponential each,
 * so that memory is O(N) per frame instead of the [pairs, K] intermediates of the op-by-op form; its rules are plain
 * too: the JVP Σ_pairs ∂g/∂r_ij (r̂_ij·δ), the VJP per pair (Σ_k c_k ∂g_k/∂r_ij) r̂_ij. The rules of the rules are left
 * out (a second derivative through the RDF names this primitive).
 * <p>The VJP's sum per pair, Σ_k w_k u_k G(u_k) over the window (w_k = 2 c_k norm_k, u_k = r_k − d), is a polynomial in
 * one number: with u the first point's offset, G(u + mh) = G(u) z^m e^{−m²h²/2σ²}, z = e^{−uh/σ²}, so the sum is
 * G(u) (u P(z) + Q(z)) with P, Q of degree M (the window's width in grid steps) whose coefficients depend only on the
 * window's first point and are tabulated once per VJP; they are evaluated by Horner's rule in four interleaved chains.
 * z^M stays below e^{2·8²} because u ≥ −8σ, so nothing overflows.
 */
final class FramesRdf {
    static final String NAME = "materials/frames-rdf";
    static final String VJP_NAME = "materials/frames-rdf-vjp";
    static final String JVP_NAME = "materials/frames-rdf-jvp";
    /** Grid points farther than this many widths from a pair distance get nothing from it. */
    private static final double REACH = 8;
    /** Skin (Å) of the frames' lists: one list serves consecutive frames until an atom has moved half of it. */
    private static final double SKIN = 1.0;

    private final AD ad;
    private final Atoms template;
    private final double[] grid;
    private final double width;
    private final double[] norm;     // V / (4π r_k² N²) / (√(2π) σ) / F, per grid point

    FramesRdf(AD ad, Atoms template, double[] grid, double width, int frames) {
        this.ad = ad;
        this.template = template;
        for (int k = 2; k < grid.length; k++) {
            if (Math.abs(grid[k] - grid[k - 1] - (grid[1] - grid[0])) > 1e-9 * grid[grid.length - 1]) {
                throw new IllegalArgumentException("rdf grid: not uniform at point " + k + "; the frames' RDF needs a uniform grid (MdCurves.rdfGrid)");
            }
        }
        this.grid = grid.clone();
        this.width = width;
        double n = template.size(), v = template.box().volume();
        this.norm = new double[grid.length];
        for (int k = 0; k < grid.length; k++) norm[k] = v / (4 * Math.PI * grid[k] * grid[k] * n * n) / (Math.sqrt(2 * Math.PI) * width) / frames;
    }

    static List<PrimitiveRegistry.Registration> register(PrimitiveRegistry registry, String owner) {
        return List.of(registry.register(NAME, owner), registry.register(VJP_NAME, owner), registry.register(JVP_NAME, owner));
    }

    /** g [K] of positions [F, N, 3]. */
    Var of(Var positions) { return ad.apply(new Rdf(), positions)[0]; }

    /** What one pair at distance d with unit vector e does: to g (mode 0), its JVP along δ (1), its VJP of c (2). */
    private void walk(double[] frames, double[] tangent, double[] out, int mode) {
        int n3 = 3 * template.size(), f = frames.length / n3, kmax = grid.length;
        double reach = grid[kmax - 1] + REACH * width, h = grid.length > 1 ? grid[1] - grid[0] : 1, inv2 = -0.5 / (width * width);
        double step = Math.exp(2 * inv2 * h * h), invW2 = 1 / (width * width);
        // a window [d − 8σ, d + 8σ] holds n + 1 or n grid points, n = ⌊16σ/h⌋: one table each
        int n = (int) Math.floor(2 * REACH * width / h);
        Window wide = mode == 2 ? Window.of(tangent, norm, h, width, n) : null, narrow = mode == 2 && n > 0 ? Window.of(tangent, norm, h, width, n - 1) : null;
        NeighborListBuilder builder = new NeighborListBuilder(reach, SKIN, true);
        NeighborList nl = null;
        for (int s = 0; s < f; s++) {
            double[] r = java.util.Arrays.copyOfRange(frames, s * n3, (s + 1) * n3);
            Atoms a = template.withPositions(r);
            if (nl == null || builder.needsRebuild(nl, r, a.box())) nl = builder.build(a);   // frames a few steps apart share a list
            int base = s * n3;
            new HalfListWalk("rdf", a, nl, reach).forEach((i, j, d, dx, dy, dz) -> {
                int first = (int) Math.ceil((d - REACH * width - grid[0]) / h), last = (int) Math.floor((d + REACH * width - grid[0]) / h);
                int lo = Math.max(0, first), hi = Math.min(kmax - 1, last);
                if (lo > hi) return;
                // G_k = e^{−u_k²/2σ²}, u_k = r_k − d on the uniform grid: G_{k+1} = G_k·ρ_k, ρ_{k+1} = ρ_k·e^{−h²/σ²}
                double u = grid[lo] - d, gk = Math.exp(inv2 * u * u);
                // the VJP's window as a polynomial in z = e^{−uh/σ²} when it starts on the grid (its rows end where the grid does)
                Window poly = mode != 2 || lo != first ? null : last - lo == n ? wide : last - lo == n - 1 ? narrow : null;
                if (poly != null) {
                    double c = gk * poly.sum(lo, u, Math.exp(2 * inv2 * u * h)) * invW2 / d;
                    PairSum.opposite(out, base / 3 + i, base / 3 + j, c * dx, c * dy, c * dz);
                    return;
                }
                double ratio = Math.exp(inv2 * (2 * u * h + h * h));
                // ∂G_k/∂d = G_k u_k/σ²: the tangents take the 1/σ² (and the JVP its pair's δ along r̂) once per pair, not per point
                if (mode == 0) {
                    for (int k = lo; k <= hi; k++) {
                        out[k] += 2 * norm[k] * gk;
                        gk *= ratio;
                        ratio *= step;
                    }
                } else if (mode == 1) {
                    double dd = ((tangent[base + 3 * j] - tangent[base + 3 * i]) * dx + (tangent[base + 3 * j + 1] - tangent[base + 3 * i + 1]) * dy
                            + (tangent[base + 3 * j + 2] - tangent[base + 3 * i + 2]) * dz) / d * invW2;
                    for (int k = lo; k <= hi; k++, u += h) {
                        out[k] += dd * (2 * norm[k] * gk) * u;
                        gk *= ratio;
                        ratio *= step;
                    }
                } else {
                    double acc = 0;                                  // a window cut by the grid's start (or rounding)
                    for (int k = lo; k <= hi; k++, u += h) {
                        acc += tangent[k] * (2 * norm[k] * gk) * u;
                        gk *= ratio;
                        ratio *= step;
                    }
                    double c = acc * invW2 / d;                      // Σ_k c_k ∂g_k/∂d along r̂
                    PairSum.opposite(out, base / 3 + i, base / 3 + j, c * dx, c * dy, c * dz);
                }
            });
        }
    }

    /**
     * The VJP's per-pair sums as polynomials (see the class comment): for a window of {@code width} + 1 points starting at
     * grid point lo, P's coefficients p[lo][m] = w_{lo+m} e^{−m²h²/2σ²} and Q's q[lo][m] = m h p[lo][m] (m ≤ width, and
     * zero past the grid's end), rows padded with zeros to a multiple of four.
     */
    private record Window(int row, double[] p, double[] q) {
        static Window of(double[] cotangent, double[] norm, double h, double sigma, int width) {
            int kmax = norm.length, row = (width + 4) & ~3;
            double[] p = new double[kmax * row], q = new double[kmax * row];
            for (int lo = 0; lo < kmax; lo++) {
                for (int m = 0; m <= width && lo + m < kmax; m++) {
                    double c = 2 * cotangent[lo + m] * norm[lo + m] * Math.exp(-0.5 * m * m * h * h / (sigma * sigma));
                    p[lo * row + m] = c;
                    q[lo * row + m] = m * h * c;
                }
            }
            return new Window(row, p, q);
        }

        /** u P(z) + Q(z) of the window starting at lo, by Horner's rule in z⁴ on four interleaved chains per polynomial. */
        double sum(int lo, double u, double z) {
            double z2 = z * z, z4 = z2 * z2;
            double p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            for (int m = lo * row + row - 4, first = lo * row; m >= first; m -= 4) {
                p0 = Math.fma(p0, z4, p[m]);
                p1 = Math.fma(p1, z4, p[m + 1]);
                p2 = Math.fma(p2, z4, p[m + 2]);
                p3 = Math.fma(p3, z4, p[m + 3]);
                q0 = Math.fma(q0, z4, q[m]);
                q1 = Math.fma(q1, z4, q[m + 1]);
                q2 = Math.fma(q2, z4, q[m + 2]);
                q3 = Math.fma(q3, z4, q[m + 3]);
            }
            double pz = Math.fma(z2, Math.fma(z, p3, p2), Math.fma(z, p1, p0)), qz = Math.fma(z2, Math.fma(z, q3, q2), Math.fma(z, q1, q0));
            return Math.fma(u, pz, qz);
        }
    }

    private final class Rdf implements Primitive {
        @Override public String name() { return NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            double[] g = new double[grid.length];
            walk(ts.toDoubleArray(a[0]), null, g, 0);
            return new Tensor[] {ts.fromArray(g, grid.length)};
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            return t[0] == null ? new Var[] {null} : ad.apply(new Rule(JVP_NAME), x[0], t[0]);
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            return ct[0] == null ? new Var[] {null} : ad.apply(new Rule(VJP_NAME), x[0], ct[0]);
        }
    }

    /** (positions, tangent [F, N, 3]) → dg [K], or (positions, cotangent [K]) → [F, N, 3]; no rules of their own. */
    private final class Rule implements Primitive {
        private final String name;

        Rule(String name) { this.name = name; }

        @Override public String name() { return name; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            double[] x = ts.toDoubleArray(a[0]), w = ts.toDoubleArray(a[1]);
            if (name.equals(JVP_NAME)) {
                double[] g = new double[grid.length];
                walk(x, w, g, 1);
                return new Tensor[] {ts.fromArray(g, grid.length)};
            }
            double[] out = new double[x.length];
            walk(x, w, out, 2);
            return new Tensor[] {ts.fromArray(out, a[0].shape().toArray())};
        }
    }
}
