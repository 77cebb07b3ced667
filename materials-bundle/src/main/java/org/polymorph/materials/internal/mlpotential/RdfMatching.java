package org.polymorph.materials.internal.mlpotential;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Activations;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.properties.Rdf;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * Fine-tuning a {@link BehlerParrinello} network on a target g(r) with the DiffTRe reweighting estimator (Thaler &amp;
 * Zavadlav, Nat. Commun. 12, 6884 (2021)). Frames x_s are sampled by Langevin MD with the weights θ₀; for nearby θ the
 * canonical average is ⟨g⟩_θ = Σ_s w_s g(x_s) with w_s = softmax_s(−β (U_θ(x_s) − U_θ₀(x_s))), and the loss
 * L(θ) = Σ_k (⟨g⟩_θ(r_k) − g_ref(r_k))² Δr (Å) is differentiated through U_θ only (∂w/∂θ = −β w (∂U/∂θ − ⟨∂U/∂θ⟩)).
 * g(x_s) is {@link Rdf#smooth} of each frame, a constant here. Frames are resampled when the effective sample size
 * exp(−Σ w ln w) falls below {@code minEss}·S.
 *
 * <p>Why reweighting and not reverse mode through the trajectory: the RDF is an equilibrium average, so the estimator
 * needs no backpropagation through hundreds of chaotic MD steps (whose adjoints grow exponentially with time and need
 * O(√T) checkpoint memory); each gradient costs S energy evaluations on stored descriptors (U_θ is a function of the
 * fixed descriptors, so no second derivatives of the descriptors), and one trajectory serves several Adam steps.
 */
public final class RdfMatching {
    /** Sampled frames: smooth g [S][K], descriptors [S][N·K] and energies with the sampling weights [S] (eV). */
    public record Frames(double[][] g, double[][] descriptors, double[] energies, double beta, int atoms) { }

    private RdfMatching() { }

    /** Smooth g(r) [K] of one frame (Gaussian width {@code width} Å). */
    public static double[] smoothG(Ops o, Atoms a, double[] r, double width) {
        var nl = new NeighborListBuilder(r[r.length - 1] + 4 * width, 0, true).build(a);
        return o.tensors().toDoubleArray(Rdf.smooth(o, o.constant(a.positions(), a.size(), 3), o.constant(a.box().h(), 3, 3), nl, r, width).value());
    }

    /**
     * Langevin MD frames (T in K, dt ps, γ = 10 ps⁻¹): {@code warm} steps, then {@code frames} frames every {@code every} steps;
     * {@code tick} runs at every step (a cancellation check: it may throw to stop).
     */
    public static List<Atoms> sample(Potential p, Atoms start, double temperature, int warm, int frames, int every, double dt, long seed, Runnable tick) {
        Integrator md = Integrators.langevin(PotentialForceField.of(p, 0.5), dt, Ramp.constant(temperature), 10, UnitSystem.METAL);
        State s = md.init(RandomKey.of(seed), start, temperature);
        s = md.run(s, warm, 1, x -> tick.run());
        List<Atoms> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            s = md.run(s, every, 1, x -> tick.run());
            out.add(s.atoms());
        }
        return out;
    }

    /** Mean of smooth g over frames [K]. */
    public static double[] meanG(Ops o, List<Atoms> frames, double[] r, double width) {
        double[] m = new double[r.length];
        for (Atoms a : frames) {
            double[] g = smoothG(o, a, r, width);
            for (int k = 0; k < r.length; k++) m[k] += g[k] / frames.size();
        }
        return m;
    }

    /** L2 distance √(Σ_k (a_k − b_k)² Δr) on a uniform grid of spacing Δr (Å^½). */
    public static double l2(double[] a, double[] b, double dr) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += (a[k] - b[k]) * (a[k] - b[k]) * dr;
        return Math.sqrt(s);
    }

    /** The frames' g, descriptors and energies under {@code model} at temperature T (K). */
    public static Frames frames(Ops o, BehlerParrinello model, List<Atoms> frames, double[] r, double width, double temperature) {
        int s = frames.size();
        double[][] g = new double[s][];
        double[][] d = new double[s][];
        double[] u = new double[s];
        for (int q = 0; q < s; q++) {
            Atoms a = frames.get(q);
            g[q] = smoothG(o, a, r, width);
            var nl = ForceMatching.list(model, a);
            d[q] = model.descriptors(a, nl);
            u[q] = model.compute(a, nl).energy();
        }
        return new Frames(g, d, u, 1 / (UnitSystem.METAL.boltzmann() * temperature), frames.get(0).size());
    }

    /** Reweighting weights w_s [S] of {@code params}. */
    public static Var weights(Ops o, BehlerParrinello model, Frames f, Object params) {
        int s = f.energies().length;
        int k = model.symmetryFunctions().count();
        double[] all = new double[s * f.atoms() * k];
        for (int q = 0; q < s; q++) System.arraycopy(f.descriptors()[q], 0, all, q * f.atoms() * k, f.atoms() * k);
        Var u = o.sum(o.reshape(model.perAtom(o, o.constant(all, s * f.atoms(), k), params), s, f.atoms()), 1);   // [S] eV
        Var logits = o.mul(o.sub(u, o.constant(f.energies(), s)), o.scalar(u.dtype(), -f.beta()));
        return Activations.softmax(logits, 0);
    }

    /** L(θ) = Σ_k (Σ_s w_s g_s(r_k) − g_ref(r_k))² Δr. */
    public static Var loss(Ops o, BehlerParrinello model, Frames f, Object params, double[] target, double dr) {
        int s = f.g().length;
        int k = target.length;
        double[] gs = new double[s * k];
        for (int q = 0; q < s; q++) System.arraycopy(f.g()[q], 0, gs, q * k, k);
        Var w = weights(o, model, f, params);
        Var mean = o.reshape(o.matmul(o.reshape(w, 1, s), o.constant(gs, s, k)), k);
        Var diff = o.sub(mean, o.constant(target, k));
        return o.mul(o.sum(o.square(diff)), o.scalarLike(diff, dr));
    }

    /** Effective sample size exp(−Σ w ln w) of weights w. */
    public static double effectiveSamples(double[] w) {
        double h = 0;
        for (double x : w) if (x > 0) h -= x * Math.log(x);
        return Math.exp(h);
    }

    /** One sampling round's outcome: new parameters and optimizer state, the last frame (next start), the loss at the round's first step, steps taken and the final effective sample fraction. */
    public record Round(Object params, OptState state, Atoms last, double loss, int steps, double essFraction) { }

    /**
     * One DiffTRe round: sample at T (K) with the weights {@code params} from {@code start} (Langevin, seed {@code seed}), then at most
     * {@code steps} optimizer steps while the effective sample size stays ≥ minEss·S. {@code model} fixes the normalisation.
     */
    public static Round round(AD ad, BehlerParrinello model, Optimizer opt, Object params, OptState state, Atoms start, double temperature, double[] r,
                              double width, double[] target, int steps, double minEss, int warm, int frames, int every, double dt, long seed,
                              Runnable tick) {
        Ops o = ad.ops();
        double dr = r[1] - r[0];
        BehlerParrinello cur = model.withParameters(params);
        List<Atoms> xs = sample(cur, start, temperature, warm, frames, every, dt, seed, tick);
        Frames f = frames(o, cur, xs, r, width, temperature);
        double first = Double.NaN;
        double ess = 1;
        OptState st = state;
        int it = 0;
        for (; it < steps; it++) {
            if (it > 0) {
                double[] w = o.tensors().toDoubleArray(weights(o, model, f, params).value());
                ess = effectiveSamples(w) / w.length;
                if (ess < minEss) break;
            }
            Object p0 = params;
            ValueAndGrad<Object> vg = ad.valueAndGrad(p -> loss(o, model, f, p, target, dr), p0);
            double l = o.tensors().toDoubleArray(vg.value().value())[0];
            if (!Double.isFinite(l)) throw new ArithmeticException("rdf matching: loss is " + l + " at step " + it + " of the round with seed " + seed);
            if (it == 0) first = l;
            // a loss-aware optimizer (hyper_v2's loss features) gets the loss its gradient came with
            Update u = opt instanceof LossAwareOptimizer la ? la.update(vg.grad(), st, params, vg.value()) : opt.update(vg.grad(), st, params);
            st = u.state();
            params = Trees.map(opt.applyUpdates(params, u.updates()), o, v -> o.constant(v.value()));
        }
        return new Round(params, st, xs.get(xs.size() - 1), first, it, ess);
    }

    /**
     * Fine-tunes {@code model} for {@code samplings} rounds ({@link #round}, Adam at rate {@code lr}, seeds seed + round); the loss at
     * each round's first step is appended to {@code losses}.
     */
    public static BehlerParrinello fit(AD ad, BehlerParrinello model, Atoms start, double temperature, double[] r, double width, double[] target,
                                       int samplings, int stepsPerSampling, double lr, double minEss, int warm, int frames, int every, double dt,
                                       long seed, List<Double> losses) {
        Ops o = ad.ops();
        Optimizer adam = Optimizers.adam(o, org.polymorph.optimizers.Schedule.constant(lr), 0.9, 0.999, 1e-8);
        Object params = model.parameters(o);
        OptState st = adam.init(params);
        Atoms at = start;
        for (int k = 0; k < samplings; k++) {
            Round rd = round(ad, model, adam, params, st, at, temperature, r, width, target, stepsPerSampling, minEss, warm, frames, every, dt, seed + k,
                    () -> { });
            params = rd.params();
            st = rd.state();
            at = rd.last();
            if (losses != null) losses.add(rd.loss());
        }
        return model.withParameters(params);
    }
}
