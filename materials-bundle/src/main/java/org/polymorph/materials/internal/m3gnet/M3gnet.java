package org.polymorph.materials.internal.m3gnet;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.materials.internal.potential.AutodiffEvaluation;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * The M3GNet universal potential (Chen &amp; Ong, Nat. Comput. Sci. 2, 718 (2022)) with matgl's released weights
 * ({@link M3gnetModel}), style {@code m3gnet}, as matgl computes it ({@code models/_m3gnet.py},
 * {@code apps/_pes_dgl.py}): node embedding of the element; edge features SiLU(W·rbf(r) + b) over the 5 Å bond graph
 * ({@link M3gnetGraph}); per block a three-body update e_ij += SiLU(W₁m_ij) ⊙ σ(W₂m_ij), m_ij = Σ_k basis(r_ik, θ_jik)
 * ⊙ σ(W_a v_k + b_a) f_c(r_ij) f_c(r_ik), then the graph convolution e ← e + GMLP_e([v_i, v_j, e]) ⊙ (W_e·rbf),
 * v_j += Σ_{i→j} GMLP_n([v_i, v_j, e]) ⊙ (W_n·rbf); readout E = σ_data Σ_i GMLP_out(v_i) + μ_data + Σ_i E_ref(Z_i) (eV).
 *
 * <p>{@link #energy} is this in differentiable ops of positions and cell, so forces, stress and Hessians (md.elastic,
 * md.phonons) are exact autodiff derivatives; {@link #compute} gives energy, forces −∂E/∂R and virial W = −sym ∂E/∂ε
 * from the fused float64 kernel ({@link M3gnetKernel}), tested against autodiff ({@link #computeByAutodiff}). The bond graph is rebuilt from the
 * concrete geometry at every call (any triclinic cell, small cells whose atoms see their own images, free molecules).
 * The weights are fixed: {@link #parameters} is empty. Float64 by default; {@code float32} evaluates every op in
 * single precision as matgl does; {@code mixed} runs {@link #compute}'s kernel with its matrix products (nearly all
 * of the arithmetic) in float32 and everything else in float64, {@link #energy} in float64.
 */
public final class M3gnet implements Potential {
    /**
     * How the three-body update indexes bonds: {@code MATGL} reproduces matgl's use of positions in the list of bonds
     * within the three-body cutoff as bond numbers ({@link M3gnetGraph}); {@code CORRECTED} maps them to their bonds.
     * The two agree wherever the kept bonds are a prefix of the bond list and differ by ~10⁻⁴ eV per cell otherwise.
     */
    public enum Indexing { MATGL, CORRECTED }

    /**
     * The arithmetic: FLOAT64 everywhere; FLOAT32 everywhere, as matgl (by autodiff, slow); MIXED, {@link #compute}'s
     * kernel with float32 matrix products (inputs rounded, float32 sums) and float64 elsewhere.
     */
    public enum Precision { FLOAT64, FLOAT32, MIXED }

    private final M3gnetModel model;
    private final AD ad;
    private final int[] typeToModel;
    private final M3gnet.Indexing indexing;
    private final DType dtype;
    private final Precision precision;
    private final M3gnetBasis basis;
    private final M3gnetKernel kernel;

    /** As {@link #M3gnet(M3gnetModel, List, Indexing, DType, AD, int)} on the calling thread. */
    public M3gnet(M3gnetModel model, List<String> elements, M3gnet.Indexing indexing, DType dtype, AD ad) {
        this(model, elements, indexing, dtype, ad, 1);
    }

    /**
     * @param elements the element symbol of each structure type, all among {@link M3gnetModel#elements()}
     * @param ad       the autodiff engine of {@link #computeByAutodiff} (and of {@link #compute} in float32)
     * @param threads  threads for the dense layers of {@link #compute}'s float64 kernel (results do not depend on it)
     */
    public M3gnet(M3gnetModel model, List<String> elements, M3gnet.Indexing indexing, DType dtype, AD ad, int threads) {
        this(model, elements, indexing, dtype == DType.FLOAT32 ? Precision.FLOAT32 : Precision.FLOAT64, ad, threads);
    }

    /** As {@link #M3gnet(M3gnetModel, List, Indexing, DType, AD, int)} in the given precision. */
    public M3gnet(M3gnetModel model, List<String> elements, M3gnet.Indexing indexing, Precision precision, AD ad, int threads) {
        if (threads < 1) throw new IllegalArgumentException("m3gnet: threads = " + threads + "; give 1 or more");
        this.model = model;
        this.kernel = new M3gnetKernel(model, threads == 1 ? null : new java.util.concurrent.ForkJoinPool(threads), precision == Precision.MIXED);
        this.ad = ad;
        this.indexing = indexing;
        this.precision = precision;
        this.dtype = precision == Precision.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
        this.typeToModel = new int[elements.size()];
        for (int t = 0; t < elements.size(); t++) {
            int k = model.elements.indexOf(elements.get(t));
            if (k < 0) {
                throw new IllegalArgumentException("element '" + elements.get(t) + "' (type " + (t + 1) + ") is not among the " + model.elements.size()
                        + " elements of " + model.name() + "; give a structure of its elements (H to Pu, without Po to Ra)");
            }
            typeToModel[t] = k;
        }
        this.basis = new M3gnetBasis(model.maxN, model.maxL, model.cutoff, model.smooth, dtype);
    }

    @Override public String style() { return "m3gnet"; }

    @Override public double cutoff() { return model.cutoff; }

    @Override public boolean needsFullList() { return true; }

    @Override public Object parameters(Ops ops) { return List.of(); }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        double[] r = o.tensors().toDoubleArray(positions.value());
        double[] h = o.tensors().toDoubleArray(cell.value());
        M3gnetGraph g = new M3gnetGraph(r, h, nl, model.cutoff, model.threeBodyCutoff, indexing);
        Var e = new Forward(o, g, atoms.types()).energy(o.cast(positions, dtype), o.cast(cell, dtype));
        return o.cast(e, DType.FLOAT64);
    }

    /**
     * Energy, forces and virial. In float64 and mixed precision by the fused kernel ({@link M3gnetKernel}: forward
     * pass and hand-written reverse pass to ∂E/∂r_e per bond); in float32 by {@link #computeByAutodiff}.
     */
    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        if (precision == Precision.FLOAT32) return computeByAutodiff(atoms, nl);
        double[] r = atoms.positions();
        double[] h = atoms.box().h();
        M3gnetGraph g = new M3gnetGraph(r, h, nl, model.cutoff, model.threeBodyCutoff, indexing);
        int n = atoms.size();
        double[] vec = new double[3 * g.bonds()];
        for (int e = 0; e < g.bonds(); e++) {
            for (int a = 0; a < 3; a++) {
                vec[3 * e + a] = r[3 * g.dst[e] + a] - r[3 * g.src[e] + a]
                        + g.shifts[3 * e] * h[a] + g.shifts[3 * e + 1] * h[3 + a] + g.shifts[3 * e + 2] * h[6 + a];
            }
        }
        int[] types = atoms.types();
        int[] mt = new int[n];
        for (int i = 0; i < n; i++) mt[i] = typeToModel[types[i]];
        M3gnetKernel.Result res = kernel.evaluate(g, vec, mt);
        double[] gv = res.bondGradient();
        double[] f = new double[3 * n];
        double[] dEps = new double[9];                       // ∂E/∂ε_ab = Σ_e r_e,a g_e,b
        for (int e = 0; e < g.bonds(); e++) {
            for (int a = 0; a < 3; a++) {
                f[3 * g.src[e] + a] += gv[3 * e + a];
                f[3 * g.dst[e] + a] -= gv[3 * e + a];
                for (int b = 0; b < 3; b++) dEps[3 * a + b] += vec[3 * e + a] * gv[3 * e + b];
            }
        }
        for (int i = 0; i < 3 * n; i++) {
            if (!Double.isFinite(f[i])) throw new ArithmeticException("m3gnet: non-finite force on atom " + i / 3 + "; energy " + res.energy());
        }
        double[] w = {-dEps[0], -dEps[4], -dEps[8], -(dEps[1] + dEps[3]) / 2, -(dEps[2] + dEps[6]) / 2, -(dEps[5] + dEps[7]) / 2};
        return new Evaluation(res.energy(), f, w);
    }

    /** As {@link #compute} by reverse-mode autodiff of {@link #energy} in the positions and a strain (the reference for the kernel). */
    public Evaluation computeByAutodiff(Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        return AutodiffEvaluation.of(ad, atoms, "m3gnet", (r, h) -> energy(o, r, h, List.of(), atoms, nl));
    }

    /** One evaluation's graph and constants as Vars. */
    private final class Forward {
        private final Ops o;
        private final M3gnetGraph g;
        private final int[] types;

        Forward(Ops o, M3gnetGraph g, int[] types) {
            this.o = o;
            this.g = g;
            this.types = types;
        }

        Var energy(Var positions, Var cell) {
            int n = g.atoms;
            int[] mt = new int[n];
            double ref = 0;
            for (int i = 0; i < n; i++) {
                mt[i] = typeToModel[types[i]];
                ref += model.elementRefs[mt[i]];
            }
            Var v = o.take(constant(model.nodeEmbedding, model.elements.size(), model.dimNode), index(mt), 0);   // [N, d]
            if (g.bonds() > 0) {
                Space.Pairs pairs = new Space.Pairs(index(g.src), index(g.dst), o.constant(g.shifts, g.bonds(), 3), g.bonds());
                Var vec = Space.pairVectors(o, positions, cell, pairs);                          // [E, 3]
                Var dist = Space.distances(o, vec);                                              // [E]
                Var rbf = basis.bond(o, dist);                                                   // [E, R]
                Var three = g.triples() > 0 ? threeBodyBasis(vec, dist) : null;                  // [T, N·L]
                Var e = silu(linear(rbf, model.edgeEmbedding));                                  // [E, d]
                Var src = index(g.src);
                Var dst = index(g.dst);
                for (M3gnetModel.Block b : model.blocks) {
                    if (three != null) {
                        Var a = o.sigmoid(linear(v, b.atom()));                                  // [N, N·L]
                        Var m = o.segmentSum(o.mul(three, o.take(a, index(g.tEnd), 0)), index(g.tBond), g.bonds());
                        e = o.add(e, gated(m, b.bond()));
                    }
                    Var vi = o.take(v, src, 0);
                    Var vj = o.take(v, dst, 0);
                    e = o.add(e, o.mul(gated(o.concat(1, vi, vj, e), b.edgeUpdate()), linear(rbf, b.edgeWeight())));
                    Var mess = o.mul(gated(o.concat(1, vi, vj, e), b.nodeUpdate()), linear(rbf, b.nodeWeight()));
                    v = o.add(v, o.segmentSum(mess, dst, n));
                }
            }
            Var atomic = gated(v, model.readout);                                                // [N, 1]
            Var total = o.mul(o.sum(atomic), o.scalarLike(atomic, model.dataStd));
            return o.add(total, o.scalarLike(total, model.dataMean + ref));
        }

        /** basis(r_ik, cos θ) f_c(r_a) f_c(r_b) [T, N·L] with the weight bonds of the graph's indexing. */
        private Var threeBodyBasis(Var vec, Var dist) {
            Var ia = index(g.tA);
            Var ib = index(g.tB);
            Var rb = o.take(dist, ib, 0);
            Var cos = o.div(o.sum(o.mul(o.take(vec, ia, 0), o.take(vec, ib, 0)), 1), o.mul(o.take(dist, ia, 0), rb));
            // matgl clamps cos θ to [−1 + 1e-7, 1 − 1e-7]; the value is clamped here too, but derivatives pass through
            // (cos + stopGradient(clamp(cos) − cos)): Hessians of collinear triples (diamond's second neighbours) are those
            // of the unclamped function, as finite differences of forces and stress see them
            Var clamped = o.maximum(o.minimum(cos, o.scalarLike(cos, 1 - 1e-7)), o.scalarLike(cos, -1 + 1e-7));
            cos = o.add(cos, o.stopGradient(o.sub(clamped, cos)));
            Var fc = M3gnetBasis.cutoff(o, dist, model.threeBodyCutoff);
            Var w = o.mul(o.take(fc, index(g.tW1), 0), o.take(fc, index(g.tW2), 0));
            return o.mul(basis.triple(o, rb, cos), o.reshape(w, g.triples(), 1));
        }

        private Var gated(Var x, M3gnetModel.GatedMlp mlp) {
            Var y = x;
            Var z = x;
            int depth = mlp.layers().size();
            for (int k = 0; k < depth; k++) {
                y = linear(y, mlp.layers().get(k));
                z = linear(z, mlp.gates().get(k));
                boolean last = k == depth - 1;
                if (!last || mlp.activateLast()) y = silu(y);
                z = last ? o.sigmoid(z) : silu(z);
            }
            return o.mul(y, z);
        }

        private Var linear(Var x, M3gnetModel.Linear l) {
            Var y = o.matmul(x, constant(l.w(), l.in(), l.out()));
            return l.b() == null ? y : o.add(y, constant(l.b(), 1, l.out()));
        }

        private Var silu(Var x) { return o.mul(x, o.sigmoid(x)); }

        private Var index(int[] ix) { return o.constant(o.tensors().fromArray(ix, ix.length)); }

        private Var constant(double[] v, int... shape) {
            Var c = o.constant(v, shape);
            return dtype == DType.FLOAT64 ? c : o.cast(c, dtype);
        }
    }
}
