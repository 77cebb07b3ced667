package org.polymorph.materials.internal.mlpotential;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * Energy and force matching of a {@link BehlerParrinello} network to a reference potential.
 * Data: frames of Langevin MD with the reference (its fused compute gives E and F). Loss (Adam):
 * L(θ) = mean_s ((E_s(θ) − E_s)/N)² + w · mean_{s,i,x} (F_six(θ) − F_six)² + w_σ · mean_{s,c} ((W_sc(θ) − W_sc)/N)²,
 * eV²/atom², eV²/Å² and eV²/atom² (W the virial, 6 components, = −∂E/∂ε).
 * Forces in the loss are F = −(∂E/∂G)·(∂G/∂R) with the sparse ∂G_i/∂R_j blocks from the fused kernel (constants: they
 * do not depend on θ), so only the MLP is differentiated twice (∂²E/∂G∂θ), not the descriptors. The virial is
 * W = −(∂E/∂G)·(∂G/∂ε) with ∂G/∂ε by central differences of the descriptors under ±1e-5 strain (constants too; their
 * error, O(1e-10) relative, is checked against the fused kernel's virial in the tests).
 */
public final class ForceMatching {
    /** One configuration with reference energy (eV), forces [3N] (eV/Å) and virial [6] (eV, xx yy zz xy xz yz; null: unknown). */
    public record Sample(Atoms atoms, double energy, double[] forces, double[] virial) {
        public Sample(Atoms atoms, double energy, double[] forces) { this(atoms, energy, forces, null); }
    }

    /** RMSE of energy per atom (eV/atom) and of force components (eV/Å). */
    public record Errors(double energyPerAtom, double force) { }

    private ForceMatching() { }

    /** The reference's energy and forces at {@code atoms}. */
    public static Sample label(Potential ref, Atoms atoms) {
        Evaluation ev = ref.compute(atoms, new NeighborListBuilder(ref.cutoff(), 0, !ref.needsFullList()).build(atoms));
        return new Sample(atoms, ev.energy(), ev.forces(), ev.virial());
    }

    /**
     * Frames of Langevin MD (dt in ps, γ = 10 ps⁻¹) with {@code ref} under a temperature ramp {@code from → to} K over
     * {@code warm + frames·every} steps: after {@code warm} steps, one labelled frame every {@code every} steps; {@code tick} runs
     * at every step (a cancellation check: it may throw to stop).
     */
    public static List<Sample> md(Potential ref, Atoms start, double from, double to, int warm, int frames, int every, double dt, long seed,
                                  Runnable tick) {
        Integrator md = Integrators.langevin(PotentialForceField.of(ref, 0.5), dt, Ramp.linear(from, to, warm + (long) frames * every), 10, UnitSystem.METAL);
        State s = md.init(RandomKey.of(seed), start, from);
        s = md.run(s, warm, 1, x -> tick.run());
        List<Sample> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            s = md.run(s, every, 1, x -> tick.run());
            out.add(new Sample(s.atoms(), s.potentialEnergy(), s.forces(), s.evaluation().virial()));
        }
        return out;
    }

    /** Descriptor mean and spread [2][K] over all atoms of the samples (spread floored at 1e-3 of the largest). */
    public static double[][] normalisation(BehlerParrinello model, List<Sample> data) {
        int k = model.symmetryFunctions().count();
        double[] m = new double[k];
        double[] s2 = new double[k];
        long count = 0;
        for (Sample d : data) {
            double[] g = model.descriptors(d.atoms(), list(model, d.atoms()));
            for (int a = 0; a < g.length; a++) {
                m[a % k] += g[a];
                s2[a % k] += g[a] * g[a];
            }
            count += d.atoms().size();
        }
        double[] sd = new double[k];
        double max = 0;
        for (int q = 0; q < k; q++) {
            m[q] /= count;
            sd[q] = Math.sqrt(Math.max(s2[q] / count - m[q] * m[q], 0));
            max = Math.max(max, sd[q]);
        }
        for (int q = 0; q < k; q++) sd[q] = Math.max(sd[q], 1e-3 * max + 1e-12);
        return new double[][] {m, sd};
    }

    static org.polymorph.materials.partition.NeighborList list(Potential p, Atoms a) {
        return new NeighborListBuilder(p.cutoff(), 0, false).build(a);
    }

    /** Precomputed descriptors G [S·N, K], sparse ∂G_i/∂R_j blocks [B, K, 3] with atom indices over the batch, and targets. */
    private record Batch(Var g, Var jac, Var blockI, Var blockJ, Var energy, Var forces, Var dgde, Var virial, int n, int k) { }

    /** The batch of {@code data}; with {@code stress}, also ∂G/∂ε and the reference virials (12 descriptor evaluations per sample). */
    private static Batch batch(Ops o, BehlerParrinello model, List<Sample> data, boolean stress) {
        int s = data.size();
        int n = data.get(0).atoms().size();
        int k = model.symmetryFunctions().count();
        double[] g = new double[s * n * k];
        List<BpKernel.Jacobian> js = new ArrayList<>();
        int blocks = 0;
        double[] e = new double[s];
        double[] f = new double[s * 3 * n];
        double[] dgde = stress ? new double[s * n * k * 6] : null;
        double[] w = stress ? new double[s * 6] : null;
        for (int q = 0; q < s; q++) {
            Sample d = data.get(q);
            if (d.atoms().size() != n) throw new IllegalArgumentException("force matching: sample " + q + " has " + d.atoms().size() + " atoms; all need " + n);
            BpKernel.Jacobian j = model.descriptorsAndJacobian(d.atoms(), list(model, d.atoms()));
            System.arraycopy(j.g(), 0, g, q * n * k, n * k);
            js.add(j);
            blocks += j.i().length;
            org.polymorph.materials.potential.Evaluation core = model.core(d.atoms(), list(model, d.atoms()));   // fixed: fit the rest
            e[q] = d.energy() - core.energy();
            double[] fc = core.forces();
            double[] fr = d.forces();
            for (int a = 0; a < 3 * n; a++) f[q * 3 * n + a] = fr[a] - fc[a];
            if (stress) {
                System.arraycopy(strainDerivatives(model, d.atoms()), 0, dgde, q * n * k * 6, n * k * 6);
                for (int c = 0; c < 6; c++) w[q * 6 + c] = d.virial()[c] - core.virial()[c];
            }
        }
        double[] val = new double[blocks * k * 3];
        int[] bi = new int[blocks];
        int[] bj = new int[blocks];
        int at = 0;
        for (int q = 0; q < s; q++) {
            BpKernel.Jacobian j = js.get(q);
            System.arraycopy(j.values(), 0, val, at * k * 3, j.values().length);
            for (int b = 0; b < j.i().length; b++) {
                bi[at + b] = j.i()[b] + q * n;
                bj[at + b] = j.j()[b] + q * n;
            }
            at += j.i().length;
        }
        return new Batch(o.constant(g, s * n, k), o.constant(val, blocks, k, 3), o.constant(o.tensors().fromArray(bi, blocks)),
                o.constant(o.tensors().fromArray(bj, blocks)), o.constant(e, s), o.constant(f, s, 3 * n),
                stress ? o.constant(dgde, s * n, k, 6) : null, stress ? o.constant(w, s, 6) : null, n, k);
    }

    /** True when every sample has a reference virial and a cell periodic on all axes. */
    private static boolean hasStress(List<Sample> data) {
        return data.stream().allMatch(d -> d.virial() != null && d.atoms().box().allPeriodic());
    }

    /** Strain components (row, column) of the virial's order xx yy zz xy xz yz. */
    private static final int[][] VOIGT = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
    private static final double STRAIN_STEP = 1e-5;

    /**
     * ∂G_ik/∂ε_c [N·K·6] by central differences: positions and cell deformed by r' = r(I + ε) with ε one entry
     * (row, column) of component c, so that −Σ (∂E/∂G)·∂G/∂ε_c is the virial component W_c = Σ r⊗f.
     */
    static double[] strainDerivatives(BehlerParrinello model, Atoms atoms) {
        int n = atoms.size();
        int k = model.symmetryFunctions().count();
        double[] out = new double[n * k * 6];
        for (int c = 0; c < 6; c++) {
            double[] eps = new double[9];
            eps[3 * VOIGT[c][0] + VOIGT[c][1]] = STRAIN_STEP;
            Atoms plus = atoms.strained(eps);
            eps[3 * VOIGT[c][0] + VOIGT[c][1]] = -STRAIN_STEP;
            Atoms minus = atoms.strained(eps);
            double[] gp = model.descriptors(plus, list(model, plus));
            double[] gm = model.descriptors(minus, list(model, minus));
            for (int a = 0; a < n * k; a++) out[a * 6 + c] = (gp[a] - gm[a]) / (2 * STRAIN_STEP);
        }
        return out;
    }

    /** Predicted energies [S] and forces [S, 3N] as Vars of the weights: F_j = −Σ_i Σ_k (∂E/∂G_ik) ∂G_ik/∂R_j. */
    private static Var[] predict(AD ad, BehlerParrinello model, Batch b, Object params) {
        Ops o = ad.ops();
        int s = b.energy().dim(0);
        Var perAtom = model.perAtom(o, b.g(), params);                                                    // [S·N]
        Var e = o.sum(o.reshape(perAtom, s, b.n()), 1);
        Var c = ad.grad((Var g) -> o.sum(model.perAtom(o, g, params)), b.g());                            // ∂E/∂G [S·N, K]
        Var cb = o.reshape(o.take(c, b.blockI(), 0), b.jac().dim(0), b.k(), 1);                           // [B, K, 1]
        Var contrib = o.sum(o.mul(cb, b.jac()), 1);                                                       // [B, 3]
        Var f = o.neg(o.segmentSum(contrib, b.blockJ(), s * b.n()));                                      // [S·N, 3]
        if (b.dgde() == null) return new Var[] {e, o.reshape(f, s, 3 * b.n())};
        Var perAtomW = o.sum(o.mul(o.reshape(c, s * b.n(), b.k(), 1), b.dgde()), 1);                       // [S·N, 6]
        Var w = o.neg(o.sum(o.reshape(perAtomW, s, b.n(), 6), 1));                                         // [S, 6]
        return new Var[] {e, o.reshape(f, s, 3 * b.n()), w};
    }

    /**
     * The energy and forces [1 + 3N] that the loss sees for one sample (network part, plus the fixed core), and the virial
     * [6] after them when the sample has one: equal to compute's.
     */
    static double[] predicted(AD ad, BehlerParrinello model, Sample s) {
        Ops o = ad.ops();
        Var[] p = predict(ad, model, batch(o, model, List.of(s), hasStress(List.of(s))), model.parameters(o));
        org.polymorph.materials.potential.Evaluation core = model.core(s.atoms(), list(model, s.atoms()));
        double[] f = o.tensors().toDoubleArray(p[1].value());
        double[] fc = core.forces();
        double[] out = new double[1 + f.length + (p.length > 2 ? 6 : 0)];
        out[0] = o.tensors().toDoubleArray(p[0].value())[0] + core.energy();
        for (int a = 0; a < f.length; a++) out[1 + a] = f[a] + fc[a];
        if (p.length > 2) {
            double[] w = o.tensors().toDoubleArray(p[2].value());
            for (int c = 0; c < 6; c++) out[1 + f.length + c] = w[c] + core.virial()[c];
        }
        return out;
    }

    /** RMS of the virial error per atom (eV/atom) of {@code model} on {@code data} (fused kernel; samples with a virial). */
    public static double virialError(BehlerParrinello model, List<Sample> data) {
        double s = 0;
        int n = 0;
        for (Sample d : data) {
            if (d.virial() == null) continue;
            double[] w = model.compute(d.atoms(), list(model, d.atoms())).virial();
            for (int c = 0; c < 6; c++) {
                double e = (w[c] - d.virial()[c]) / d.atoms().size();
                s += e * e;
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(s / n);
    }

    /** Loss of {@code params} on a batch (see class comment). */
    private static Var loss(AD ad, BehlerParrinello model, Batch b, Object params, double forceWeight, double stressWeight) {
        Ops o = ad.ops();
        Var[] p = predict(ad, model, b, params);
        Var de = o.div(o.sub(p[0], b.energy()), o.scalarLike(p[0], b.n()));
        Var l = o.add(o.mean(o.square(de)), o.mul(o.mean(o.square(o.sub(p[1], b.forces()))), o.scalarLike(de, forceWeight)));
        if (stressWeight == 0) return l;
        Var dw = o.div(o.sub(p[2], b.virial()), o.scalarLike(p[2], b.n()));
        return o.add(l, o.mul(o.mean(o.square(dw)), o.scalarLike(de, stressWeight)));
    }

    /** {@code steps} Adam steps (learning rate {@code lr}) on the samples; returns the trained model. */
    public static BehlerParrinello train(AD ad, BehlerParrinello model, List<Sample> data, double forceWeight, int steps, double lr) {
        Ops o = ad.ops();
        Optimizer adam = Optimizers.adam(o, org.polymorph.optimizers.Schedule.constant(lr), 0.9, 0.999, 1e-8);
        Object params = model.parameters(o);
        return model.withParameters(train(ad, model, data, forceWeight, adam, params, adam.init(params), 0, steps, null));
    }

    /** Called after each optimizer step (1-based count) with the loss before the step and the new parameters and state. */
    @FunctionalInterface
    public interface StepListener {
        void after(int step, double loss, Object params, OptState state);
    }

    /**
     * Optimizer steps {@code from + 1 .. steps} of {@code opt} from {@code params} and {@code state} (a resumed run passes the
     * checkpointed ones); returns the final parameters (a pytree like {@link BehlerParrinello#parameters}).
     */
    public static Object train(AD ad, BehlerParrinello model, List<Sample> data, double forceWeight, Optimizer opt, Object params, OptState state,
                               int from, int steps, StepListener listener) {
        return train(ad, model, data, forceWeight, 0, opt, params, state, from, steps, listener);
    }

    /** As above with the virial term weighted by {@code stressWeight} (every sample needs a virial and a periodic cell). */
    public static Object train(AD ad, BehlerParrinello model, List<Sample> data, double forceWeight, double stressWeight, Optimizer opt,
                               Object params, OptState state, int from, int steps, StepListener listener) {
        Ops o = ad.ops();
        if (stressWeight != 0 && !hasStress(data)) {
            throw new IllegalArgumentException("force matching: stress weight " + stressWeight + " needs a virial and a periodic cell in every sample");
        }
        Batch b = batch(o, model, data, stressWeight != 0);
        OptState st = state;
        for (int it = from; it < steps; it++) {
            ValueAndGrad<Object> vg = ad.valueAndGrad(p -> loss(ad, model, b, p, forceWeight, stressWeight), params);
            double l = o.tensors().toDoubleArray(vg.value().value())[0];
            if (!Double.isFinite(l)) throw new ArithmeticException("force matching: loss is " + l + " at optimizer step " + it + "; lower the learning rate");
            // a loss-aware optimizer (hyper_v2's loss features) gets the loss its gradient came with
            Update u = opt instanceof LossAwareOptimizer la ? la.update(vg.grad(), st, params, vg.value()) : opt.update(vg.grad(), st, params);
            st = u.state();
            params = Trees.map(opt.applyUpdates(params, u.updates()), o, v -> o.constant(v.value()));
            if (listener != null) listener.after(it + 1, l, params, st);
        }
        return params;
    }

    /** Energy-per-atom and force RMSE of {@code model} on {@code data} (fused kernel). */
    public static Errors errors(BehlerParrinello model, List<Sample> data) {
        double se = 0;
        double sf = 0;
        long nf = 0;
        for (Sample d : data) {
            Evaluation ev = model.compute(d.atoms(), list(model, d.atoms()));
            double de = (ev.energy() - d.energy()) / d.atoms().size();
            se += de * de;
            double[] f = ev.forces();
            double[] ref = d.forces();
            for (int a = 0; a < f.length; a++) sf += (f[a] - ref[a]) * (f[a] - ref[a]);
            nf += f.length;
        }
        return new Errors(Math.sqrt(se / data.size()), Math.sqrt(sf / nf));
    }
}
