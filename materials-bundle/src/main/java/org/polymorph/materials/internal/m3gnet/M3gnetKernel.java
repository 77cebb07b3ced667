package org.polymorph.materials.internal.m3gnet;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Block;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Linear;

/**
 * M3GNet's energy and its gradient with respect to every bond vector, in float64 plain arrays (the dense layers'
 * matrix products in float32 when {@link Dense} is single precision): the forward pass of
 * {@link M3gnet} (same graph, same formulas) keeping its intermediates, then a hand-written reverse pass
 * (backpropagation through the readout, the three blocks in reverse, the embedding and the basis functions) to
 * g_e = ∂E/∂r_e [E, 3]. Forces follow as F_i = Σ_{e: src=i} g_e − Σ_{e: dst=i} g_e and the strain derivative as
 * ∂E/∂ε_ab = Σ_e r_e,a g_e,b, since E depends on the geometry only through the bond vectors r_e = r_j + S·h − r_i.
 * Tests require it to agree with autodiff of {@link M3gnet#energy}.
 * <p>
 * Memory: the tape holds, per block, 14 arrays [E, d] (each gated MLP's 2·depth slopes and factors,
 * {@link Dense.Tape}, and its output) and the message m [E, N·L]; everything cheaper to recompute than to keep (the bond
 * MLP from m, the rbf weights, the harmonics from cos θ, the three-body radial basis once per bond) is recomputed. The
 * whole evaluation allocates ~5,700 doubles per bond (was 14,600). Beyond a budget of tape bytes the first blocks
 * keep only their inputs and run forward again in reverse ({@link #TAPE_BUDGET}), so the heap stays bounded.
 */
final class M3gnetKernel {
    /** E (eV) and ∂E/∂r_e [E, 3] (eV/Å) of one graph. */
    record Result(double energy, double[] bondGradient) { }

    private final M3gnetModel model;
    private final M3gnetBasis basis;
    private final Dense dense;
    private final long tapeBudget;

    /**
     * Bytes of block tapes kept by default: 1 GiB, 7.2 kB per bond and block with d = 64, so all three blocks up to
     * ~49,000 bonds (~2,000 Si atoms) and the last one alone at 4,096 Si atoms (96,568 bonds), whose other two blocks
     * then run forward twice.
     */
    static final long TAPE_BUDGET = 1L << 30;

    /** {@code pool}: threads for the dense layers, or null for the calling thread; tapes within {@link #TAPE_BUDGET}. */
    M3gnetKernel(M3gnetModel model, ForkJoinPool pool) { this(model, pool, TAPE_BUDGET); }

    /** As {@link #M3gnetKernel(M3gnetModel, ForkJoinPool, long)} with the dense layers' products in float32 when {@code single}. */
    M3gnetKernel(M3gnetModel model, ForkJoinPool pool, boolean single) { this(model, TAPE_BUDGET, new Dense(pool, single, Dense.LANES)); }

    /**
     * {@code tapeBudget}: bytes of block tapes (~8·E·(14d + N·L) each) kept from the forward pass for the reverse
     * one; the blocks beyond it keep only their inputs e and v and are run forward again in reverse (at least one
     * block always keeps its tape). Results do not depend on it.
     */
    M3gnetKernel(M3gnetModel model, ForkJoinPool pool, long tapeBudget) { this(model, tapeBudget, new Dense(pool)); }

    /** As above with the given dense layers (their threads, precision and whether they run in SIMD lanes). */
    M3gnetKernel(M3gnetModel model, long tapeBudget, Dense dense) {
        this.model = model;
        this.tapeBudget = tapeBudget;
        this.basis = new M3gnetBasis(model.maxN, model.maxL, model.cutoff, model.smooth, org.polymorph.core.tensor.DType.FLOAT64);
        this.dense = dense;
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

    /**
     * What the reverse pass keeps of one block: the three-body message m [E, N·L] (the bond MLP is recomputed from
     * it, two [N·L × d] products), the atom gates σ(W v) [N, N·L], the edge and node updates' tapes and outputs
     * [E, d]; the weights W_e·rbf and W_v·rbf [E, d] are recomputed from the bond basis.
     */
    private record BlockTape(double[] m, double[] atom, Dense.Tape edge, double[] edgeOut, Dense.Tape node, double[] nodeOut) { }

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
        double[] sbf = new double[ne * tw];       // three-body radial basis of each bond as r_ik [E, N·L] and d/dr
        double[] dsbf = new double[ne * tw];
        double[] fc = new double[ne];
        double[] dfc = new double[ne];
        double[] tmp = new double[2];
        for (int e = 0; e < ne; e++) {
            r[e] = Math.sqrt(vec[3 * e] * vec[3 * e] + vec[3 * e + 1] * vec[3 * e + 1] + vec[3 * e + 2] * vec[3 * e + 2]);
            basis.bondAt(r[e], rbf, drbf, e * rw);
            basis.tripleRadialAt(r[e], sbf, dsbf, e * tw);
            M3gnetBasis.cutoffAt(r[e], model.threeBodyCutoff, tmp);
            fc[e] = tmp[0];
            dfc[e] = tmp[1];
        }
        // three-body basis B[t, c] = sbf(r_ik)_c · Y_c(cos θ) · f_c(w1) f_c(w2) [T, N·L]
        double[] cos = new double[nt];
        double[] three = new double[nt * tw];
        double[] yRow = new double[tw];
        double[] dyRow = new double[tw];
        for (int t = 0; t < nt; t++) {
            int a = g.tA[t];
            int b = g.tB[t];
            double c = (vec[3 * a] * vec[3 * b] + vec[3 * a + 1] * vec[3 * b + 1] + vec[3 * a + 2] * vec[3 * b + 2]) / (r[a] * r[b]);
            cos[t] = c;
            basis.harmonicsAt(clamp(c), yRow, dyRow);
            double w = fc[g.tW1[t]] * fc[g.tW2[t]];
            for (int k = 0; k < tw; k++) three[t * tw + k] = sbf[b * tw + k] * yRow[k] * w;
        }
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(model.nodeEmbedding, types[i] * d, v, i * d, d);
        double[] ePre = dense.linear(rbf, ne, model.edgeEmbedding);
        double[] e = Dense.silu(ePre);
        int nb = model.blocks.size();
        BlockTape[] tapes = new BlockTape[nb];
        double[][] eIn = new double[nb][];                // inputs of the blocks whose tapes are not kept
        double[][] vIn = new double[nb][];
        long blockBytes = 8L * ne * (14L * d + tw);
        int kept = (int) Math.min(nb, Math.max(1, tapeBudget / blockBytes));   // the last `kept` blocks keep their tapes
        double[] work = new double[ne * d];
        for (int bi = 0; bi < nb; bi++) {
            if (bi < nb - kept) {
                eIn[bi] = e.clone();
                vIn[bi] = v.clone();
            }
            BlockTape tp = forwardBlock(g, model.blocks.get(bi), three, rbf, e, v, work);
            if (bi >= nb - kept) tapes[bi] = tp;
        }
        double[] atomEnergy = new double[n];
        Dense.Tape out = dense.gated(v, n, model.readout, atomEnergy);
        double sum = 0;
        for (double x : atomEnergy) sum += x;
        double energy = model.dataStd * sum + model.dataMean;
        for (int i = 0; i < n; i++) energy += model.elementRefs[types[i]];

        // ---- reverse pass ----
        double[] dOut = new double[n];
        Arrays.fill(dOut, model.dataStd);
        double[] dv = dense.gatedBack(dOut, n, model.readout, out);
        double[] de = new double[ne * d];
        double[] dRbf = new double[ne * rw];
        double[] dThree = new double[nt * tw];
        e = null;                                    // dead from here (a long method may run interpreted, keeping locals)
        for (int bi = tapes.length - 1; bi >= 0; bi--) {
            Block blk = model.blocks.get(bi);
            BlockTape tp = tapes[bi] != null ? tapes[bi] : forwardBlock(g, blk, three, rbf, eIn[bi], vIn[bi], work);
            tapes[bi] = null;
            eIn[bi] = null;
            vIn[bi] = null;
            double[] dMess = work;                       // ∂/∂(node update output) = dv_dst ⊙ W_v·rbf, over W_v·rbf
            dense.linearInto(rbf, ne, blk.nodeWeight(), dMess);
            double[] dW = tp.nodeOut();                  // ∂/∂(W_v·rbf) = dv_dst ⊙ node update output, over that output
            for (int q = 0; q < ne; q++) {
                int to = g.dst[q] * d;
                for (int k = 0; k < d; k++) {
                    dMess[q * d + k] *= dv[to + k];
                    dW[q * d + k] *= dv[to + k];
                }
            }
            dense.linearBackAdd(dW, ne, blk.nodeWeight(), dRbf);
            gatedOnBondsBack(g, dMess, blk.nodeUpdate(), tp.node(), dv, de);   // de: ∂/∂e after the edge update
            dense.linearInto(rbf, ne, blk.edgeWeight(), dMess);   // likewise for the edge update and W_e·rbf
            dW = tp.edgeOut();
            for (int k = 0; k < de.length; k++) {
                dMess[k] *= de[k];
                dW[k] *= de[k];
            }
            dense.linearBackAdd(dW, ne, blk.edgeWeight(), dRbf);
            gatedOnBondsBack(g, dMess, blk.edgeUpdate(), tp.edge(), dv, de);  // de: ∂/∂e after the three-body update
            double[] dm = dense.gatedBack(de, ne, blk.bond(), dense.gated(tp.m(), ne, blk.bond(), work));
            double[] atom = tp.atom();
            double[] dAtom = new double[n * tw];
            for (int t = 0; t < nt; t++) {
                int bo = g.tBond[t] * tw;
                int ko = g.tEnd[t] * tw;
                for (int k = 0; k < tw; k++) {
                    dThree[t * tw + k] += dm[bo + k] * atom[ko + k];
                    dAtom[ko + k] += dm[bo + k] * three[t * tw + k];
                }
            }
            for (int k = 0; k < dAtom.length; k++) dAtom[k] *= atom[k] * (1 - atom[k]);
            dense.linearBackAdd(dAtom, n, blk.atom(), dv);
        }
        for (int k = 0; k < de.length; k++) de[k] *= Dense.siluPrime(ePre[k]);
        dense.linearBackAdd(de, ne, model.edgeEmbedding, dRbf);

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
            basis.harmonicsAt(clamp(cos[t]), yRow, dyRow);
            double dw = 0;
            double dcos = 0;
            double drb = 0;
            for (int k = 0; k < tw; k++) {
                double gk = dThree[t * tw + k];
                double sb = sbf[b * tw + k];
                dw += gk * sb * yRow[k];
                dcos += gk * sb * dyRow[k] * w;
                drb += gk * dsbf[b * tw + k] * yRow[k] * w;
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

    /**
     * One block's forward pass: the three-body update, then the edge and node updates of e [E, d] and v [N, d] in
     * place (three [T, N·L] the three-body basis, rbf [E, rw] the bond basis, work [E, d] scratch); returns its tape.
     */
    private BlockTape forwardBlock(M3gnetGraph g, Block blk, double[] three, double[] rbf, double[] e, double[] v, double[] work) {
        int n = g.atoms;
        int ne = g.bonds();
        int nt = g.triples();
        int d = model.dimNode;
        int tw = model.maxN * model.maxL;
        double[] atom = Dense.sigmoid(dense.linear(v, n, blk.atom()));
        double[] m = new double[ne * tw];
        for (int t = 0; t < nt; t++) {
            int bo = g.tBond[t] * tw;
            int ko = g.tEnd[t] * tw;
            for (int k = 0; k < tw; k++) m[bo + k] += three[t * tw + k] * atom[ko + k];
        }
        dense.gated(m, ne, blk.bond(), work);
        addInto(e, work);
        double[] edgeOut = new double[ne * d];
        Dense.Tape edge = gatedOnBonds(g, v, e, blk.edgeUpdate(), edgeOut);
        double[] ew = work;
        dense.linearInto(rbf, ne, blk.edgeWeight(), ew);
        for (int k = 0; k < e.length; k++) e[k] += edgeOut[k] * ew[k];
        double[] nodeOut = new double[ne * d];
        Dense.Tape node = gatedOnBonds(g, v, e, blk.nodeUpdate(), nodeOut);
        double[] nw = work;
        dense.linearInto(rbf, ne, blk.nodeWeight(), nw);
        for (int q = 0; q < ne; q++) {
            int to = g.dst[q] * d;
            for (int k = 0; k < d; k++) v[to + k] += nodeOut[q * d + k] * nw[q * d + k];
        }
        return new BlockTape(m, atom, edge, edgeOut, node, nodeOut);
    }

    /** cos θ clamped to [−1 + 10⁻⁷, 1 − 10⁻⁷]: Y is taken there as matgl does; ∂cos/∂r stays unclamped (as {@link M3gnet}). */
    private static double clamp(double c) { return Math.max(-1 + 1e-7, Math.min(1 - 1e-7, c)); }

    /** A gated MLP of [v_src, v_dst, e] per bond (v [N, d], e [E, d_e]), its output [E, out] written to {@code out}. */
    private Dense.Tape gatedOnBonds(M3gnetGraph g, double[] v, double[] e, M3gnetModel.GatedMlp mlp, double[] out) {
        int ne = g.bonds();
        return dense.gatedFrom(firstOnBonds(g, v, e, mlp.layers().get(0)), firstOnBonds(g, v, e, mlp.gates().get(0)), ne, mlp, out);
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
        dense.linearBackAdd(sumSrc, n, p[0], dv);
        dense.linearBackAdd(sumDst, n, p[1], dv);
        dense.linearBackAdd(dy, ne, p[2], de);
    }

    private static void addInto(double[] acc, double[] b) {
        for (int k = 0; k < acc.length; k++) acc[k] += b[k];
    }
}
