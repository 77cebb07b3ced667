package org.polymorph.materials.internal.m3gnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Block;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Linear;

/**
 * M3GNet's energy and its gradient with respect to every bond vector, in float64 plain arrays: the forward pass of
 * {@link M3gnet} (same graph, same formulas) keeping its intermediates, then a hand-written reverse pass
 * (backpropagation through the readout, the three blocks in reverse, the embedding and the basis functions) to
 * g_e = ∂E/∂r_e [E, 3]. Forces follow as F_i = Σ_{e: src=i} g_e − Σ_{e: dst=i} g_e and the strain derivative as
 * ∂E/∂ε_ab = Σ_e r_e,a g_e,b, since E depends on the geometry only through the bond vectors r_e = r_j + S·h − r_i.
 * Tests require it to agree with autodiff of {@link M3gnet#energy}.
 */
final class M3gnetKernel {
    /** E (eV) and ∂E/∂r_e [E, 3] (eV/Å) of one graph. */
    record Result(double energy, double[] bondGradient) { }

    private final M3gnetModel model;
    private final M3gnetBasis basis;
    private final Dense dense;

    /** {@code pool}: threads for the dense layers, or null for the calling thread. */
    M3gnetKernel(M3gnetModel model, ForkJoinPool pool) {
        this.model = model;
        this.basis = new M3gnetBasis(model.maxN, model.maxL, model.cutoff, model.smooth, org.polymorph.core.tensor.DType.FLOAT64);
        this.dense = new Dense(pool);
        for (Block blk : model.blocks) {
            for (M3gnetModel.GatedMlp mlp : List.of(blk.edgeUpdate(), blk.nodeUpdate())) {
                for (Linear l : List.of(mlp.layers().get(0), mlp.gates().get(0))) parts.put(l, split(l, model.dimNode));
            }
        }
    }

    /**
     * The first layers of the edge and node updates, whose input is [v_src, v_dst, e] per bond, as three layers: the
     * rows of W that multiply v_src (no bias), v_dst (no bias) and e (with the bias). The atom parts run once per atom
     * and are gathered per bond, and in reverse the bond gradients are summed per atom before they meet Wᵀ.
     */
    private final Map<Linear, Linear[]> parts = new IdentityHashMap<>();

    private static Linear[] split(Linear l, int d) {
        int out = l.out();
        double[] w = l.w();
        return new Linear[] {new Linear(Arrays.copyOfRange(w, 0, d * out), null, d, out), new Linear(Arrays.copyOfRange(w, d * out, 2 * d * out), null, d, out),
                new Linear(Arrays.copyOfRange(w, 2 * d * out, w.length), l.b(), l.in() - 2 * d, out)};
    }

    /** One block's intermediates. */
    private record BlockTape(double[] atom, Dense.Tape bond, Dense.Tape edge, double[] ew, Dense.Tape node, double[] nw) { }

    /**
     * @param vec   bond vectors [E, 3] (Å) of {@code g}
     * @param types model element index per atom [N]
     */
    Result evaluate(M3gnetGraph g, double[] vec, int[] types) {
        int n = g.atoms;
        int ne = g.bonds();
        int nt = g.triples();
        int d = model.dimNode;
        int rw = basis.bondWidth();
        int tw = model.maxN * model.maxL;
        double[] r = new double[ne];
        double[] rbf = new double[ne * rw];
        double[] drbf = new double[ne * rw];
        double[] fc = new double[ne];
        double[] dfc = new double[ne];
        double[] tmp = new double[2];
        for (int e = 0; e < ne; e++) {
            r[e] = Math.sqrt(vec[3 * e] * vec[3 * e] + vec[3 * e + 1] * vec[3 * e + 1] + vec[3 * e + 2] * vec[3 * e + 2]);
            basis.bondAt(r[e], rbf, drbf, e * rw);
            M3gnetBasis.cutoffAt(r[e], model.threeBodyCutoff, tmp);
            fc[e] = tmp[0];
            dfc[e] = tmp[1];
        }
        // three-body basis B[t, c] = sbf(r_ik)_c · Y_c(cos θ) · f_c(w1) f_c(w2)
        double[] sbf = new double[nt * tw];
        double[] dsbf = new double[nt * tw];
        double[] y = new double[nt * tw];
        double[] dy = new double[nt * tw];
        double[] cos = new double[nt];
        double[] three = new double[nt * tw];
        double[] yRow = new double[tw];
        double[] dyRow = new double[tw];
        for (int t = 0; t < nt; t++) {
            int a = g.tA[t];
            int b = g.tB[t];
            double c = (vec[3 * a] * vec[3 * b] + vec[3 * a + 1] * vec[3 * b + 1] + vec[3 * a + 2] * vec[3 * b + 2]) / (r[a] * r[b]);
            double cc = Math.max(-1 + 1e-7, Math.min(1 - 1e-7, c));          // Y at the clamped value as matgl; ∂cos/∂r unclamped (M3gnet)
            cos[t] = c;
            basis.tripleRadialAt(r[b], sbf, dsbf, t * tw);
            basis.harmonicsAt(cc, yRow, dyRow);
            System.arraycopy(yRow, 0, y, t * tw, tw);
            System.arraycopy(dyRow, 0, dy, t * tw, tw);
            double w = fc[g.tW1[t]] * fc[g.tW2[t]];
            for (int k = 0; k < tw; k++) three[t * tw + k] = sbf[t * tw + k] * yRow[k] * w;
        }
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(model.nodeEmbedding, types[i] * d, v, i * d, d);
        double[] ePre = dense.linear(rbf, ne, model.edgeEmbedding);
        double[] e = Dense.silu(ePre);
        List<BlockTape> tapes = new ArrayList<>();
        for (Block blk : model.blocks) {
            double[] atom = Dense.sigmoid(dense.linear(v, n, blk.atom()));
            double[] m = new double[ne * tw];
            for (int t = 0; t < nt; t++) {
                int bo = g.tBond[t] * tw;
                int ko = g.tEnd[t] * tw;
                for (int k = 0; k < tw; k++) m[bo + k] += three[t * tw + k] * atom[ko + k];
            }
            Dense.Tape bond = dense.gated(m, ne, blk.bond());
            e = add(e, bond.out());
            Dense.Tape edge = gatedOnBonds(g, v, e, blk.edgeUpdate());
            double[] ew = dense.linear(rbf, ne, blk.edgeWeight());
            double[] e2 = e.clone();
            for (int k = 0; k < e2.length; k++) e2[k] += edge.out()[k] * ew[k];
            e = e2;
            Dense.Tape node = gatedOnBonds(g, v, e, blk.nodeUpdate());
            double[] nw = dense.linear(rbf, ne, blk.nodeWeight());
            double[] v2 = v.clone();
            for (int q = 0; q < ne; q++) {
                int to = g.dst[q] * d;
                for (int k = 0; k < d; k++) v2[to + k] += node.out()[q * d + k] * nw[q * d + k];
            }
            v = v2;
            tapes.add(new BlockTape(atom, bond, edge, ew, node, nw));
        }
        Dense.Tape out = dense.gated(v, n, model.readout);
        double sum = 0;
        for (double x : out.out()) sum += x;
        double energy = model.dataStd * sum + model.dataMean;
        for (int i = 0; i < n; i++) energy += model.elementRefs[types[i]];

        // ---- reverse pass ----
        double[] dOut = new double[n];
        java.util.Arrays.fill(dOut, model.dataStd);
        double[] dv = dense.gatedBack(dOut, n, model.readout, out);
        double[] de = new double[ne * d];
        double[] dRbf = new double[ne * rw];
        double[] dThree = new double[nt * tw];
        for (int bi = model.blocks.size() - 1; bi >= 0; bi--) {
            Block blk = model.blocks.get(bi);
            BlockTape tp = tapes.get(bi);
            double[] dMess = new double[ne * d];
            double[] dNw = new double[ne * d];
            for (int q = 0; q < ne; q++) {
                int to = g.dst[q] * d;
                for (int k = 0; k < d; k++) {
                    dMess[q * d + k] = dv[to + k] * tp.nw()[q * d + k];
                    dNw[q * d + k] = dv[to + k] * tp.node().out()[q * d + k];
                }
            }
            addInto(dRbf, dense.linearBack(dNw, ne, blk.nodeWeight()));
            gatedOnBondsBack(g, dMess, blk.nodeUpdate(), tp.node(), dv, de);   // de: ∂/∂e after the edge update
            double[] dEdge = new double[ne * d];
            double[] dEw = new double[ne * d];
            for (int k = 0; k < de.length; k++) {
                dEdge[k] = de[k] * tp.ew()[k];
                dEw[k] = de[k] * tp.edge().out()[k];
            }
            addInto(dRbf, dense.linearBack(dEw, ne, blk.edgeWeight()));
            gatedOnBondsBack(g, dEdge, blk.edgeUpdate(), tp.edge(), dv, de);  // de: ∂/∂e after the three-body update
            double[] dm = dense.gatedBack(de, ne, blk.bond(), tp.bond());
            double[] dAtom = new double[n * tw];
            for (int t = 0; t < nt; t++) {
                int bo = g.tBond[t] * tw;
                int ko = g.tEnd[t] * tw;
                for (int k = 0; k < tw; k++) {
                    dThree[t * tw + k] += dm[bo + k] * tp.atom()[ko + k];
                    dAtom[ko + k] += dm[bo + k] * three[t * tw + k];
                }
            }
            for (int k = 0; k < dAtom.length; k++) dAtom[k] *= tp.atom()[k] * (1 - tp.atom()[k]);
            addInto(dv, dense.linearBack(dAtom, n, blk.atom()));
        }
        for (int k = 0; k < de.length; k++) de[k] *= Dense.siluPrime(ePre[k]);
        addInto(dRbf, dense.linearBack(de, ne, model.edgeEmbedding));

        double[] dr = new double[ne];
        double[] gvec = new double[3 * ne];
        for (int q = 0; q < ne; q++) {
            double s = 0;
            for (int k = 0; k < rw; k++) s += dRbf[q * rw + k] * drbf[q * rw + k];
            dr[q] = s;
        }
        for (int t = 0; t < nt; t++) {
            int a = g.tA[t];
            int b = g.tB[t];
            int w1 = g.tW1[t];
            int w2 = g.tW2[t];
            double w = fc[w1] * fc[w2];
            double dw = 0;
            double dcos = 0;
            double drb = 0;
            for (int k = 0; k < tw; k++) {
                int tk = t * tw + k;
                double gk = dThree[tk];
                dw += gk * sbf[tk] * y[tk];
                dcos += gk * sbf[tk] * dy[tk] * w;
                drb += gk * dsbf[tk] * y[tk] * w;
            }
            dr[b] += drb;
            dr[w1] += dw * fc[w2] * dfc[w1];
            dr[w2] += dw * fc[w1] * dfc[w2];
            double inv = 1 / (r[a] * r[b]);
            for (int x = 0; x < 3; x++) {
                gvec[3 * a + x] += dcos * (vec[3 * b + x] * inv - cos[t] * vec[3 * a + x] / (r[a] * r[a]));
                gvec[3 * b + x] += dcos * (vec[3 * a + x] * inv - cos[t] * vec[3 * b + x] / (r[b] * r[b]));
            }
        }
        for (int q = 0; q < ne; q++) for (int x = 0; x < 3; x++) gvec[3 * q + x] += dr[q] * vec[3 * q + x] / r[q];
        return new Result(energy, gvec);
    }

    /** A gated MLP of [v_src, v_dst, e] per bond (v [N, d], e [E, d_e]). */
    private Dense.Tape gatedOnBonds(M3gnetGraph g, double[] v, double[] e, M3gnetModel.GatedMlp mlp) {
        int ne = g.bonds();
        return dense.gatedFrom(firstOnBonds(g, v, e, mlp.layers().get(0)), firstOnBonds(g, v, e, mlp.gates().get(0)), ne, mlp);
    }

    /** [v_src, v_dst, e]·W + b [E, out] by the three parts of W. */
    private double[] firstOnBonds(M3gnetGraph g, double[] v, double[] e, Linear l) {
        Linear[] p = parts.get(l);
        int n = g.atoms;
        int ne = g.bonds();
        int out = l.out();
        double[] ps = dense.linear(v, n, p[0]);
        double[] pd = dense.linear(v, n, p[1]);
        double[] y = dense.linear(e, ne, p[2]);
        for (int q = 0; q < ne; q++) {
            int s = g.src[q] * out;
            int t = g.dst[q] * out;
            for (int o = 0; o < out; o++) y[q * out + o] += ps[s + o] + pd[t + o];
        }
        return y;
    }

    /** Adds the gradient of Σ dOut ⊙ out of a {@link #gatedOnBonds} evaluation to dv [N, d] and de [E, d_e]. */
    private void gatedOnBondsBack(M3gnetGraph g, double[] dOut, M3gnetModel.GatedMlp mlp, Dense.Tape t, double[] dv, double[] de) {
        double[][] dp = dense.gatedBackToFirst(dOut, g.bonds(), mlp, t);
        firstOnBondsBack(g, dp[0], mlp.layers().get(0), dv, de);
        firstOnBondsBack(g, dp[1], mlp.gates().get(0), dv, de);
    }

    /** Adds dy·Wᵀ of {@link #firstOnBonds} (dy [E, out]) to dv at src and dst and to de. */
    private void firstOnBondsBack(M3gnetGraph g, double[] dy, Linear l, double[] dv, double[] de) {
        Linear[] p = parts.get(l);
        int n = g.atoms;
        int ne = g.bonds();
        int out = l.out();
        double[] sumSrc = new double[n * out];
        double[] sumDst = new double[n * out];
        for (int q = 0; q < ne; q++) {
            int s = g.src[q] * out;
            int t = g.dst[q] * out;
            for (int o = 0; o < out; o++) {
                sumSrc[s + o] += dy[q * out + o];
                sumDst[t + o] += dy[q * out + o];
            }
        }
        addInto(dv, dense.linearBack(sumSrc, n, p[0]));
        addInto(dv, dense.linearBack(sumDst, n, p[1]));
        addInto(de, dense.linearBack(dy, ne, p[2]));
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = a.clone();
        addInto(out, b);
        return out;
    }

    private static void addInto(double[] acc, double[] b) {
        for (int k = 0; k < acc.length; k++) acc[k] += b[k];
    }
}
