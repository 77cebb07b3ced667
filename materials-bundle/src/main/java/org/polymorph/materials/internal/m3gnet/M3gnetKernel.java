package org.polymorph.materials.internal.m3gnet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Block;

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
            Dense.Tape edge = dense.gated(concat(g, v, e, d), ne, blk.edgeUpdate());
            double[] ew = dense.linear(rbf, ne, blk.edgeWeight());
            double[] e2 = e.clone();
            for (int k = 0; k < e2.length; k++) e2[k] += edge.out()[k] * ew[k];
            e = e2;
            Dense.Tape node = dense.gated(concat(g, v, e, d), ne, blk.nodeUpdate());
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
            double[] dx2 = dense.gatedBack(dMess, ne, blk.nodeUpdate(), tp.node());
            split(g, dx2, dv, de, d);                                  // de: ∂/∂e after the edge update
            double[] dEdge = new double[ne * d];
            double[] dEw = new double[ne * d];
            for (int k = 0; k < de.length; k++) {
                dEdge[k] = de[k] * tp.ew()[k];
                dEw[k] = de[k] * tp.edge().out()[k];
            }
            addInto(dRbf, dense.linearBack(dEw, ne, blk.edgeWeight()));
            double[] dx1 = dense.gatedBack(dEdge, ne, blk.edgeUpdate(), tp.edge());
            split(g, dx1, dv, de, d);                                  // de: ∂/∂e after the three-body update
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

    /** [v_src, v_dst, e] per bond [E, 2d + d_e]. */
    private static double[] concat(M3gnetGraph g, double[] v, double[] e, int d) {
        int ne = g.bonds();
        int de = e.length / Math.max(ne, 1);
        int w = 2 * d + de;
        double[] x = new double[ne * w];
        for (int q = 0; q < ne; q++) {
            System.arraycopy(v, g.src[q] * d, x, q * w, d);
            System.arraycopy(v, g.dst[q] * d, x, q * w + d, d);
            System.arraycopy(e, q * de, x, q * w + 2 * d, de);
        }
        return x;
    }

    /** Scatters dx [E, 2d + d_e] of a {@link #concat} to dv (added at src and dst) and de (added). */
    private static void split(M3gnetGraph g, double[] dx, double[] dv, double[] de, int d) {
        int ne = g.bonds();
        int dw = de.length / Math.max(ne, 1);
        int w = 2 * d + dw;
        for (int q = 0; q < ne; q++) {
            int s = g.src[q] * d;
            int t = g.dst[q] * d;
            for (int k = 0; k < d; k++) {
                dv[s + k] += dx[q * w + k];
                dv[t + k] += dx[q * w + d + k];
            }
            for (int k = 0; k < dw; k++) de[q * dw + k] += dx[q * w + 2 * d + k];
        }
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
