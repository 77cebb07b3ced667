package org.polymorph.materials.internal.mlpotential;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/**
 * The fused Behler–Parrinello kernel in plain loops: (1) descriptors G [N, K] over pairs and triplets of a full
 * list, (2) the MLP forward and backward pass per atom giving c_ik = ∂E/∂G_ik, (3) a second walk that turns
 * c_ik ∂G_ik/∂r_ij into ∂E/∂r_ij per list entry, from which forces (F_j −= ∂E/∂r_ij, F_i += ∂E/∂r_ij) and the
 * virial W = −Σ_entries r_ij ⊗ ∂E/∂r_ij follow. The derivatives of G² and G⁴ are written out by hand (chain rule
 * through cos θ, r_ij, r_ik, r_jk and f_c); tests check this kernel against autodiff of the Var energy.
 */
final class BpKernel {
    private final double rc;
    private final double[][] radial;
    private final double[][] angular;
    private final double[][] w;       // per Dense layer: w [in * units], row-major
    private final double[][] b;       // per Dense layer: b [units]
    private final int[] widths;       // input K, hidden..., 1
    private final double[] mean;
    private final double[] spread;
    private final double e0;
    private final double scale;
    private final double[] core;

    BpKernel(SymmetryFunctions sf, double[][] w, double[][] b, int[] widths, double[] mean, double[] spread, double e0, double scale, double[] core) {
        this.core = core;
        this.rc = sf.cutoff();
        this.radial = sf.radial();
        this.angular = sf.angular();
        this.w = w;
        this.b = b;
        this.widths = widths;
        this.mean = mean;
        this.spread = spread;
        this.e0 = e0;
        this.scale = scale;
    }

    private double fc(double r) { return r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1) : 0; }

    private double dfc(double r) { return r < rc ? -0.5 * Math.PI / rc * Math.sin(Math.PI * r / rc) : 0; }

    /** Pair vectors [3P] and distances [P] of the list's entries. */
    private static double[][] geometry(Atoms atoms, NeighborList nl) {
        int n = atoms.size();
        int p = nl.pairs();
        double[] v = new double[3 * p];
        double[] d = new double[p];
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        for (int i = 0; i < n; i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int j = nb[e];
                for (int x = 0; x < 3; x++) v[3 * e + x] = r[3 * j + x] - r[3 * i + x] + s[3 * e] * h[x] + s[3 * e + 1] * h[3 + x] + s[3 * e + 2] * h[6 + x];
                d[e] = Math.sqrt(v[3 * e] * v[3 * e] + v[3 * e + 1] * v[3 * e + 1] + v[3 * e + 2] * v[3 * e + 2]);
                if (d[e] == 0) throw new ArithmeticException("nn/bp: atoms " + i + " and " + j + " overlap (distance 0)");
            }
        }
        return new double[][] {v, d};
    }

    /** Descriptors G [N * K]. */
    double[] descriptors(Atoms atoms, NeighborList nl) {
        double[][] geo = geometry(atoms, nl);
        double[] g = new double[atoms.size() * (radial.length + angular.length)];
        walk(nl, geo[0], geo[1], g, null, radial.length + angular.length);
        return g;
    }

    /**
     * Descriptors G [N·K] and their Jacobian in sparse blocks: block b holds ∂G_{i_b, ·}/∂R_{j_b} [K, 3] for every atom
     * i and every atom j that G_i depends on (its neighbours and itself). The result is {G, values [B·K·3], i [B], j [B]}.
     */
    Jacobian descriptorsAndJacobian(Atoms atoms, NeighborList nl) {
        int n = atoms.size();
        int k = radial.length + angular.length;
        double[][] geo = geometry(atoms, nl);
        double[] g = new double[n * k];
        walk(nl, geo[0], geo[1], g, null, k);
        int[] nb = nl.neighbors();
        java.util.Map<Long, Integer> index = new java.util.HashMap<>();
        List<Integer> bi = new ArrayList<>();
        List<Integer> bj = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int e = nl.start(i) - 1; e < nl.end(i); e++) {
                int j = e < nl.start(i) ? i : nb[e];
                if (index.putIfAbsent((long) i * n + j, bi.size()) == null) {
                    bi.add(i);
                    bj.add(j);
                }
            }
        }
        double[] val = new double[bi.size() * k * 3];
        int[] owner = nl.pairI();
        walk(nl, geo[0], geo[1], null, new Sink() {
            @Override public boolean wants(int i, int q) { return true; }

            @Override public void add(int i, int q, int e, int y, double value) {
                val[(index.get((long) i * n + nb[e]) * k + q) * 3 + y] += value;
                val[(index.get((long) i * n + owner[e]) * k + q) * 3 + y] -= value;
            }
        }, k);
        return new Jacobian(g, val, bi.stream().mapToInt(Integer::intValue).toArray(), bj.stream().mapToInt(Integer::intValue).toArray());
    }

    /** G [N·K] and ∂G_i/∂R_j blocks: values [B·K·3], i [B], j [B]. */
    record Jacobian(double[] g, double[] values, int[] i, int[] j) { }

    Evaluation compute(Atoms atoms, NeighborList nl) {
        int n = atoms.size();
        int kr = radial.length;
        int k = kr + angular.length;
        int p = nl.pairs();
        double[][] geo = geometry(atoms, nl);
        double[] v = geo[0];
        double[] d = geo[1];
        double[] g = new double[n * k];
        walk(nl, v, d, g, null, k);
        double[] c = new double[n * k];
        double energy = 0;
        for (int i = 0; i < n; i++) energy += e0 + scale * mlp(g, i, k, c);
        double[] dv = new double[3 * p];
        walk(nl, v, d, null, new Sink() {
            @Override public boolean wants(int i, int q) { return c[i * k + q] != 0; }

            @Override public void add(int i, int q, int e, int y, double value) { dv[3 * e + y] += c[i * k + q] * value; }
        }, k);
        energy += coreTerms(nl, v, d, dv);
        return finish(n, nl, v, dv, energy);
    }

    /** Adds ∂E_core/∂r_ij to dv and returns E_core = ½ Σ_entries A (1 − r/r_core)³. */
    private double coreTerms(NeighborList nl, double[] v, double[] d, double[] dv) {
        if (core[0] == 0 || core[1] == 0) return 0;
        double e = 0;
        for (int p = 0; p < d.length; p++) {
            double x = 1 - d[p] / core[1];
            if (x <= 0) continue;
            e += 0.5 * core[0] * x * x * x;
            double de = -1.5 * core[0] * x * x / core[1] / d[p];
            for (int y = 0; y < 3; y++) dv[3 * p + y] += de * v[3 * p + y];
        }
        return e;
    }

    /** The core repulsion alone. */
    Evaluation core(Atoms atoms, NeighborList nl) {
        double[][] geo = geometry(atoms, nl);
        double[] dv = new double[geo[0].length];
        double e = coreTerms(nl, geo[0], geo[1], dv);
        return finish(atoms.size(), nl, geo[0], dv, e);
    }

    /** Forces and virial from ∂E/∂r_ij per entry. */
    private Evaluation finish(int n, NeighborList nl, double[] v, double[] dv, double energy) {
        int[] nb = nl.neighbors();
        double[] f = new double[3 * n];
        double[] vir = new double[9];
        for (int i = 0; i < n; i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int j = nb[e];
                for (int x = 0; x < 3; x++) {
                    f[3 * j + x] -= dv[3 * e + x];
                    f[3 * i + x] += dv[3 * e + x];
                    for (int y = 0; y < 3; y++) vir[3 * x + y] -= v[3 * e + x] * dv[3 * e + y];
                }
            }
        }
        for (int i = 0; i < 3 * n; i++) {
            if (!Double.isFinite(f[i])) throw new ArithmeticException("nn/bp: non-finite force on atom " + i / 3 + "; energy " + energy);
        }
        return new Evaluation(energy, f, new double[] {vir[0], vir[4], vir[8], (vir[1] + vir[3]) / 2, (vir[2] + vir[6]) / 2, (vir[5] + vir[7]) / 2});
    }

    /** MLP output of atom i; writes c_i = s ∂MLP/∂G_i [K] into {@code c}. */
    private double mlp(double[] g, int i, int k, double[] c) {
        int layers = w.length;
        double[][] act = new double[layers][];
        double[] x = new double[k];
        for (int q = 0; q < k; q++) x[q] = (g[i * k + q] - mean[q]) / spread[q];
        act[0] = x;
        double out = 0;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int units = widths[l + 1];
            double[] z = b[l].clone();
            for (int a = 0; a < in; a++) {
                double xa = act[l][a];
                for (int u = 0; u < units; u++) z[u] += xa * w[l][a * units + u];
            }
            if (l < layers - 1) {
                for (int u = 0; u < units; u++) z[u] = Math.tanh(z[u]);
                act[l + 1] = z;
            } else {
                out = z[0];
            }
        }
        double[] grad = {1};
        for (int l = layers - 1; l >= 0; l--) {
            int in = widths[l];
            int units = widths[l + 1];
            double[] gz = grad;
            if (l < layers - 1) {
                gz = new double[units];
                for (int u = 0; u < units; u++) gz[u] = grad[u] * (1 - act[l + 1][u] * act[l + 1][u]);
            }
            double[] gi = new double[in];
            for (int a = 0; a < in; a++) for (int u = 0; u < units; u++) gi[a] += w[l][a * units + u] * gz[u];
            grad = gi;
        }
        for (int q = 0; q < k; q++) c[i * k + q] = scale * grad[q] / spread[q];
        return out;
    }

    /** Receives ∂G_iq/∂(r_ij)_y for list entry e = (i → j). */
    private interface Sink {
        boolean wants(int i, int q);

        void add(int i, int q, int e, int y, double value);
    }

    /** Forward (g != null): accumulate descriptors. Backward: pass every ∂G/∂r_ij to the sink. */
    private void walk(NeighborList nl, double[] v, double[] d, double[] g, Sink sink, int k) {
        int kr = radial.length;
        for (int i = 0; i < nl.atoms(); i++) {
            for (int e = nl.start(i); e < nl.end(i); e++) {
                double ra = d[e];
                if (ra >= rc) continue;
                double f = fc(ra);
                double df = dfc(ra);
                for (int q = 0; q < kr; q++) {
                    double x = ra - radial[q][1];
                    double ex = Math.exp(-radial[q][0] * x * x);
                    if (g != null) {
                        g[i * k + q] += ex * f;
                    } else {
                        double dphi = (ex * (-2 * radial[q][0] * x) * f + ex * df) / ra;
                        for (int y = 0; y < 3; y++) sink.add(i, q, e, y, dphi * v[3 * e + y]);
                    }
                }
            }
            if (angular.length == 0) continue;
            for (int e1 = nl.start(i); e1 < nl.end(i); e1++) {
                double a = d[e1];
                if (a >= rc) continue;
                for (int e2 = e1 + 1; e2 < nl.end(i); e2++) {
                    double bb = d[e2];
                    if (bb >= rc) continue;
                    angularTerm(i, e1, e2, a, bb, v, g, sink, k);
                }
            }
        }
    }

    private void angularTerm(int i, int e1, int e2, double a, double bb, double[] v, double[] g, Sink sink, int k) {
        double[] va = {v[3 * e1], v[3 * e1 + 1], v[3 * e1 + 2]};
        double[] vb = {v[3 * e2], v[3 * e2 + 1], v[3 * e2 + 2]};
        double[] vc = {vb[0] - va[0], vb[1] - va[1], vb[2] - va[2]};       // r_jk
        double cc = Math.sqrt(vc[0] * vc[0] + vc[1] * vc[1] + vc[2] * vc[2]);
        if (cc >= rc) return;
        double fa = fc(a);
        double fb = fc(bb);
        double fcc = fc(cc);
        double ff = fa * fb * fcc;
        double cos = (va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]) / (a * bb);
        double r2 = a * a + bb * bb + cc * cc;
        int kr = radial.length;
        for (int q = 0; q < angular.length; q++) {
            double zeta = angular[q][0];
            double lambda = angular[q][1];
            double eta = angular[q][2];
            double base = 1 + lambda * cos;
            double kz = Math.pow(2, 1 - zeta);
            double bz = Math.pow(base, zeta);
            double ex = Math.exp(-eta * r2);
            if (g != null) {
                g[i * k + kr + q] += kz * bz * ex * ff;
                continue;
            }
            if (!sink.wants(i, kr + q)) continue;
            double dbz = zeta * (zeta == 1 ? 1 : Math.pow(base, zeta - 1)) * lambda;    // ∂B^ζ/∂cos
            double dfa = dfc(a);
            double dfb = dfc(bb);
            double dfcc = dfc(cc);
            for (int y = 0; y < 3; y++) {
                double dcosA = vb[y] / (a * bb) - cos * va[y] / (a * a);
                double dcosB = va[y] / (a * bb) - cos * vb[y] / (bb * bb);
                double dA = dbz * dcosA * ex * ff
                        + bz * ex * (-eta) * (2 * va[y] - 2 * vc[y]) * ff
                        + bz * ex * (dfa * va[y] / a * fb * fcc + fa * fb * dfcc * (-vc[y]) / cc);
                double dB = dbz * dcosB * ex * ff
                        + bz * ex * (-eta) * (2 * vb[y] + 2 * vc[y]) * ff
                        + bz * ex * (fa * dfb * vb[y] / bb * fcc + fa * fb * dfcc * vc[y] / cc);
                sink.add(i, kr + q, e1, y, kz * dA);
                sink.add(i, kr + q, e2, y, kz * dB);
            }
        }
    }
}
