package org.polymorph.materials.internal.mlpotential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Activation;
import org.polymorph.autodiff.nn.Context;
import org.polymorph.autodiff.nn.Dense;
import org.polymorph.autodiff.nn.Layer;
import org.polymorph.autodiff.nn.Sequential;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
import org.polymorph.materials.internal.potential.AutodiffEvaluation;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * Behler–Parrinello neural-network potential (style {@code nn/bp}; PRL 98, 146401 (2007)), one element:
 * E = Σ_i [ e₀ + s · MLP_θ((G_i − μ) / σ) ] (+ an optional fixed core repulsion, {@link #withCore}) with G_i the radial and angular {@link SymmetryFunctions} of atom i,
 * μ, σ the descriptor mean and spread of the training set (fixed), e₀ (eV/atom) and s (eV) the energy offset and
 * scale, and MLP = Dense(H₁) tanh Dense(H₂) tanh … Dense(1). The energy is smooth (tanh, Gaussians and f_c are C¹
 * at r_c and C^∞ inside), so forces and stresses are exact autodiff gradients and MD, elastic constants and phonons
 * work as with any potential. The parameters ({@link #parameters}) are the MLP weights: the Sequential's list of
 * {@link Dense.Params} (activations have empty maps). The model holds plain arrays, needs no autodiff engine to
 * evaluate, and is saved to and read from a self-describing {@link NetworkFile} (architecture included), which the
 * Methods load as {@code potential=nn/bp potential_file=<file>}.
 *
 * <p>{@link #compute} is a fused plain-loop kernel ({@link BpKernel}: descriptors, MLP forward/backward, hand-written
 * descriptor derivatives), about two orders of magnitude faster than autodiff for MD; {@link #computeByAutodiff}
 * evaluates the Var energy on the concrete positions and takes its reverse-mode gradient with respect to the
 * positions (forces = −∂E/∂R) and a homogeneous strain ε at ε = 0 (virial W = −sym ∂E/∂ε, LAMMPS order
 * xx yy zz xy xz yz). Tests require the two to agree.
 *
 * <p>It is a {@link SecondOrder} kernel ({@link BpProducts}: Hessian-vector products in the extended positions and the
 * mixed products with the weights) whose parameter vector p [m] ({@link #parameterVector}) is the Dense layers'
 * numbers in the order of the Sequential's pytree, of the network file and of the fitting code: layer 0's kernel
 * [in, out] row-major, layer 0's bias [out], layer 1's kernel, and so on to the output layer's bias. The normalisation
 * μ, σ, e₀, s and the core are fixed and not part of p. {@link #family} makes p the fused-energy primitive's θ.
 */
public final class BehlerParrinello implements Potential, SecondOrder {
    private final SymmetryFunctions sf;
    private final int[] hidden;
    private final Sequential net;
    private final Object state;       // the Sequential's (empty) state
    private final double[][] w;       // per Dense layer: kernel [in * out] row-major
    private final double[][] b;       // per Dense layer: bias [out]
    private final int[] widths;       // K, hidden..., 1
    private final double[] mean;
    private final double[] spread;
    private final double e0;
    private final double scale;
    private final double[] core;      // {A eV, r_core Å}: fixed repulsion A (1 − r/r_core)³ per pair below r_core

    BehlerParrinello(SymmetryFunctions sf, int[] hidden, double[][] w, double[][] b, double[] mean, double[] spread, double e0, double scale,
                     double[] core) {
        if (!(core[0] >= 0) || !(core[1] >= 0) || core[1] > sf.cutoff()) {
            throw new IllegalArgumentException("nn/bp: core strength " + core[0] + " eV, radius " + core[1] + " A; give both >= 0 and the radius <= the cutoff");
        }
        if (mean.length != sf.count() || spread.length != sf.count()) {
            throw new IllegalArgumentException("nn/bp: mean and spread need " + sf.count() + " entries (one per symmetry function), got "
                    + mean.length + " and " + spread.length);
        }
        for (double x : spread) if (!(x > 0)) throw new IllegalArgumentException("nn/bp: descriptor spread " + x + "; give spreads > 0");
        if (!(scale > 0)) throw new IllegalArgumentException("nn/bp: energy scale = " + scale + "; give s > 0 (eV)");
        for (int hdn : hidden) if (hdn < 1) throw new IllegalArgumentException("nn/bp: hidden width " + hdn + "; give widths >= 1");
        this.widths = new int[hidden.length + 2];
        widths[0] = sf.count();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[hidden.length + 1] = 1;
        if (w.length != hidden.length + 1 || b.length != w.length) {
            throw new IllegalArgumentException("nn/bp: " + w.length + " weight and " + b.length + " bias arrays for " + (hidden.length + 1) + " Dense layers");
        }
        for (int l = 0; l < w.length; l++) {
            if (w[l].length != widths[l] * widths[l + 1] || b[l].length != widths[l + 1]) {
                throw new IllegalArgumentException("nn/bp: layer " + l + " has " + w[l].length + " weights and " + b[l].length + " biases; a "
                        + widths[l] + " -> " + widths[l + 1] + " layer needs " + widths[l] * widths[l + 1] + " and " + widths[l + 1]);
            }
            for (double x : w[l]) if (!Double.isFinite(x)) throw new IllegalArgumentException("nn/bp: non-finite weight " + x + " in layer " + l);
            for (double x : b[l]) if (!Double.isFinite(x)) throw new IllegalArgumentException("nn/bp: non-finite bias " + x + " in layer " + l);
        }
        this.sf = sf;
        this.hidden = hidden.clone();
        this.net = network(hidden);
        List<Object> st = new ArrayList<>();
        for (int k = 0; k < net.layers().size(); k++) st.add(Layer.noState());
        this.state = st;
        this.w = w;
        this.b = b;
        this.mean = mean.clone();
        this.spread = spread.clone();
        this.e0 = e0;
        this.scale = scale;
        this.core = core.clone();
    }

    /** A fresh network with hidden layer widths {@code hidden}, weights drawn from {@code key} (LeCun normal, zero bias). */
    public static BehlerParrinello create(AD ad, SymmetryFunctions sf, int[] hidden, RandomKey key, double[] mean, double[] spread,
                                          double e0, double scale) {
        for (int hdn : hidden) if (hdn < 1) throw new IllegalArgumentException("nn/bp: hidden width " + hdn + "; give widths >= 1");
        Layer.Init init = network(hidden).init(ad.ops(), key, Shape.of(1, sf.count()), DType.FLOAT64);
        double[][][] wb = arrays(init.params(), hidden.length + 1);
        return new BehlerParrinello(sf, hidden, wb[0], wb[1], mean, spread, e0, scale, new double[2]);
    }

    private static Sequential network(int[] hidden) {
        List<Layer> layers = new ArrayList<>();
        for (int hdn : hidden) {
            layers.add(new Dense(hdn));
            layers.add(Activation.tanh());
        }
        layers.add(new Dense(1));
        return new Sequential(layers);
    }

    /** {w, b} arrays of the Dense layers of a Sequential parameter list. */
    private static double[][][] arrays(Object params, int dense) {
        if (!(params instanceof List<?> ps)) throw new IllegalArgumentException("nn/bp: parameters must be the Sequential's list, got " + params);
        double[][] w = new double[dense][];
        double[][] b = new double[dense][];
        int l = 0;
        for (Object p : ps) {
            if (p instanceof Dense.Params d) {
                if (l == dense) throw new IllegalArgumentException("nn/bp: more than " + dense + " Dense layers in the parameters");
                w[l] = d.w().ops().tensors().toDoubleArray(d.w().value());
                b[l] = d.b().ops().tensors().toDoubleArray(d.b().value());
                l++;
            }
        }
        if (l != dense) throw new IllegalArgumentException("nn/bp: " + l + " Dense layers in the parameters, expected " + dense);
        return new double[][][] {w, b};
    }

    /** The same model with other weights (a pytree like {@link #parameters}). */
    public BehlerParrinello withParameters(Object params) {
        double[][][] wb = arrays(params, hidden.length + 1);
        return new BehlerParrinello(sf, hidden, wb[0], wb[1], mean, spread, e0, scale, core);
    }

    public SymmetryFunctions symmetryFunctions() { return sf; }

    /** Hidden layer widths. */
    public int[] hidden() { return hidden.clone(); }

    /** Dense layer l's kernel [in * out] (row-major) and bias [out]. */
    double[] kernelWeights(int l) { return w[l].clone(); }

    double[] bias(int l) { return b[l].clone(); }

    double[] mean() { return mean.clone(); }

    double[] spread() { return spread.clone(); }

    /** {e₀ eV/atom, s eV, A eV, r_core Å}. */
    double[] energyAndCore() { return new double[] {e0, scale, core[0], core[1]}; }

    @Override public String style() { return "nn/bp"; }

    @Override public double cutoff() { return sf.cutoff(); }

    @Override public boolean needsFullList() { return true; }

    private void check(Atoms atoms, NeighborList nl) {
        if (atoms.typeNames().size() != 1) {
            throw new IllegalArgumentException("nn/bp: this network is for one element, the structure has types " + atoms.typeNames());
        }
        if (nl.half()) throw new IllegalArgumentException("nn/bp: needs a full neighbour list; build one with half = false");
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        return o.add(energyOf(o, sf.descriptors(o, positions, cell, nl, SymmetryFunctions.Triplets.of(nl)), params),
                coreEnergy(o, positions, cell, nl));
    }

    /** ½ Σ_entries A (1 − r/r_core)³ over the full list (eV). */
    private Var coreEnergy(Ops o, Var positions, Var cell, NeighborList nl) {
        Var d = Space.distances(o, Space.pairVectors(o, positions, cell, Space.Pairs.of(o, nl)));
        if (core[0] == 0 || core[1] == 0) return o.mul(o.sum(d), o.scalarLike(d, 0));
        Var x = o.sub(o.scalarLike(d, 1), o.div(d, o.scalarLike(d, core[1])));
        Var in = o.where(o.gt(x, o.zerosLike(x)), x, o.zerosLike(x));
        return o.mul(o.sum(o.mul(o.square(in), in)), o.scalarLike(d, 0.5 * core[0]));
    }

    /** The fixed core repulsion's energy, forces and virial alone. */
    Evaluation core(Atoms atoms, NeighborList nl) { return kernel().core(atoms, nl); }

    /** E (eV, scalar) of descriptors G [N, K]. */
    Var energyOf(Ops o, Var g, Object params) { return o.sum(perAtom(o, g, params)); }

    /** Per-atom energies e₀ + s·MLP [N] (eV) of descriptors G [N, K]. */
    Var perAtom(Ops o, Var g, Object params) {
        int k = sf.count();
        Var x = o.div(o.sub(g, o.constant(mean, 1, k)), o.constant(spread, 1, k));
        Var y = o.reshape(net.apply(params, state, x, Context.eval()).y(), g.dim(0));   // [N]
        return o.add(o.mul(y, o.scalarLike(y, scale)), o.scalarLike(y, e0));
    }

    /** The same weights with another descriptor normalisation and energy offset e₀ (eV/atom) and scale s (eV). */
    public BehlerParrinello withNormalisation(double[] mean, double[] spread, double e0, double scale) {
        return new BehlerParrinello(sf, hidden, w, b, mean, spread, e0, scale, core);
    }

    /**
     * The same model plus a fixed (not fitted) short-range repulsion Σ_{i&lt;j} A (1 − r_ij/r_core)³ for r_ij &lt; r_core
     * (C² at r_core), as ZBL baselines of other MLIPs: the descriptors saturate below the training data's shortest
     * distances, and without it MD at high temperature finds collapsed pairs the network never saw.
     */
    public BehlerParrinello withCore(double strength, double radius) {
        return new BehlerParrinello(sf, hidden, w, b, mean, spread, e0, scale, new double[] {strength, radius});
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        return kernel().compute(atoms, nl);
    }

    private BpKernel kernel;
    private BpProducts products;

    private synchronized BpProducts products() {
        if (products == null) products = new BpProducts(sf, w, b, widths, mean, spread, scale, core);
        return products;
    }

    @Override public int parameterCount() { return products().parameterCount(); }

    /**
     * {@inheritDoc} When both {@code dp} and {@code outP} are given, the parameter row is that of dX alone (the θθ block
     * is not formed): the kernel is then run twice, once per part.
     */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        check(atoms, nl);
        BpProducts k = products();
        if (dp != null && outP != null) {
            k.products(atoms, nl, new double[][] {dX}, null, new double[][] {outX}, outP);
            k.products(atoms, nl, new double[][] {new double[dX.length]}, new double[][] {dp}, new double[][] {outX}, null);
            return;
        }
        k.products(atoms, nl, new double[][] {dX}, dp == null ? null : new double[][] {dp}, new double[][] {outX}, outP);
    }

    /** All tangents in one walk: the descriptors, the MLP's activations and the geometry of each row are formed once. */
    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        check(atoms, nl);
        if (dX.length != outX.length || dp != null && dp.length != dX.length) {
            throw new IllegalArgumentException("nn/bp: " + dX.length + " tangents, " + outX.length + " products and "
                    + (dp == null ? "no" : String.valueOf(dp.length)) + " parameter tangents; give one of each per tangent");
        }
        if (dX.length == 0) return;
        products().products(atoms, nl, dX, dp, outX, null);
    }

    /** p [m]: every Dense layer's kernel (row-major [in, out]) then its bias, layer by layer (the class comment's order). */
    public double[] parameterVector() {
        double[] p = new double[parameterCount()];
        int at = 0;
        for (int l = 0; l < w.length; l++) {
            System.arraycopy(w[l], 0, p, at, w[l].length);
            at += w[l].length;
            System.arraycopy(b[l], 0, p, at, b[l].length);
            at += b[l].length;
        }
        return p;
    }

    /** The same model with the weights of a parameter vector p [m] ({@link #parameterVector}'s order). */
    public BehlerParrinello withParameterVector(double[] p) {
        int m = parameterCount();
        if (p.length != m) {
            throw new IllegalArgumentException("nn/bp: parameter vector of " + p.length + " numbers; this network has " + m
                    + " weights and biases (hidden widths " + java.util.Arrays.toString(hidden) + ", " + sf.count() + " descriptors)");
        }
        double[][] nw = new double[w.length][], nb = new double[b.length][];
        int at = 0;
        for (int l = 0; l < w.length; l++) {
            nw[l] = java.util.Arrays.copyOfRange(p, at, at + w[l].length);
            at += w[l].length;
            nb[l] = java.util.Arrays.copyOfRange(p, at, at + b[l].length);
            at += b[l].length;
        }
        return new BehlerParrinello(sf, hidden, nw, nb, mean, spread, e0, scale, core);
    }

    /**
     * This network's architecture, normalisation and core as a fused-energy family over θ = p [m] ({@link #parameterVector}):
     * the kernel's potential at θ, the Sequential pytree of θ (slices reshaped to each layer's kernel and bias) for the
     * differentiable energy, and ∂p/∂θ = I, so that the primitive's second-order rules take this kernel's products.
     */
    public FusedEnergy.Family family() {
        BehlerParrinello model = this;
        int m = parameterCount();
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] theta) { return model.withParameterVector(theta); }

            @Override public Object params(Ops o, Var theta) {
                if (theta.rank() != 1 || theta.dim(0) != m) {
                    throw new IllegalArgumentException("nn/bp: θ of shape " + java.util.Arrays.toString(theta.shape().toArray()) + "; this network needs ["
                            + m + "]");
                }
                List<Object> out = new ArrayList<>();
                int at = 0;
                for (int l = 0; l < w.length; l++) {
                    if (l > 0) out.add(Layer.noState());
                    Var wl = o.reshape(o.sliceAxis(theta, 0, at, at + w[l].length), widths[l], widths[l + 1]);
                    at += w[l].length;
                    Var bl = o.sliceAxis(theta, 0, at, at + b[l].length);
                    at += b[l].length;
                    out.add(new Dense.Params(wl, bl));
                }
                return out;
            }

            @Override public double[] parameterJacobian(double[] theta) {
                double[] eye = new double[m * m];
                for (int k = 0; k < m; k++) eye[k * m + k] = 1;
                return eye;
            }
        };
    }

    private synchronized BpKernel kernel() {
        if (kernel == null) kernel = new BpKernel(sf, w, b, widths, mean, spread, e0, scale, core);
        return kernel;
    }

    /** Descriptors G [N * K] by the fused kernel. */
    double[] descriptors(Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        return kernel().descriptors(atoms, nl);
    }

    /** Descriptors G [N * K] and sparse ∂G/∂R by the fused kernel (they do not depend on the weights). */
    BpKernel.Jacobian descriptorsAndJacobian(Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        return kernel().descriptorsAndJacobian(atoms, nl);
    }

    /** As {@link #compute} by autodiff of {@link #energy} (the reference the fused kernel is tested against). */
    public Evaluation computeByAutodiff(AD ad, Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        Ops o = ad.ops();
        Object weights = parameters(o);
        SymmetryFunctions.Triplets t = SymmetryFunctions.Triplets.of(nl);
        return AutodiffEvaluation.of(ad, atoms, "nn/bp",
                (r, h) -> o.add(energyOf(o, sf.descriptors(o, r, h, nl, t), weights), coreEnergy(o, r, h, nl)));
    }

    /** The weights as the Sequential's parameter list: Dense.Params constants of {@code o}, empty maps for the activations. */
    @Override public Object parameters(Ops o) {
        List<Object> out = new ArrayList<>();
        for (int l = 0; l < w.length; l++) {
            if (l > 0) out.add(Layer.noState());
            out.add(new Dense.Params(o.constant(w[l], widths[l], widths[l + 1]), o.constant(b[l], widths[l + 1])));
        }
        return out;
    }

    /** Writes the network, its symmetry functions and normalisation to {@code file} ({@link NetworkFile}, atomically). */
    public void save(Path file) throws IOException { NetworkFile.write(file, this); }

    /** The network of a {@link NetworkFile}. */
    public static BehlerParrinello read(Path file) throws IOException { return NetworkFile.read(file); }
}
