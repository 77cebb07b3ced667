package org.polymorph.materials.internal.patchy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.materials.internal.rigid.RigidForces;
import org.polymorph.materials.internal.rigid.RigidNoseHoover;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.space.Box;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.Update;

/**
 * patchy.design target=kagome: the open-lattice design of King et al.'s kagome script (PNAS 2024): six-patch discs with
 * patches at angles [0, θ, −θ, π − θ, π, π + θ] on radius 0.5, patch–patch Morse ε = 4, α = 9, r0 = 0 with jax-md's
 * cut-off quirk (r_cutoff 1.5: untruncated to r = 2), soft-sphere cores σ = 1, ε = 10⁴, α = 4; side² bodies started
 * from a square lattice of spacing 1.5 (offset (0.01, 0.03)) in a periodic square box at number density ρ; Nosé–Hoover
 * NVT at kT, LJ units. Each MD run samples Ψ ({@link HexaticOrder}) after its equilibration fraction; the loss is
 * (1 − |⟨Ψ⟩|)² and its gradient in θ comes from the reweighting gradients of ⟨Re Ψ⟩ and ⟨Im Ψ⟩
 * ({@link ReweightedGradient}, ∂U/∂θ from {@link EnergySlopes}) by the chain rule
 * dL/dθ = −2(1 − |m|)(Re m ∂Re m/∂θ + Im m ∂Im m/∂θ)/|m|. Gradient descent in θ (radians) as the authors: the gradient
 * clipped at 10⁴, the optimizer's steps scaled by 1, 0.5, 0.1 over the thirds of the run (their schedule, applied to the
 * optimizer's update, which for Adam and SGD equals scaling the learning rate), θ kept inside its bounds, each outer step
 * continuing from the previous run's final configuration (as the authors). Random and grid search over θ get the same
 * number of MD runs, each from the square lattice or, with search_continue, from its own previous run's end. The
 * reweighting estimator assumes the sampled part of a run is canonical; a short run still assembling from the lattice
 * gives the gradient of its own sampled average as if it were, a cheap descent direction rather than the equilibrium
 * one (the authors' differentiated window has the same limitation). Patch points weigh {@link PatchyBodies#PATCH_MASS} (the authors: 10⁻⁵), which changes the dynamics, not
 * the configurational averages.
 */
final class KagomeDesign {
    static final String TARGET = "kagome";
    private static final PatchyModel MODEL = new PatchyModel(2, List.of(new BodyType("K", new double[][] {{0, 0}}, new int[6])), 1,
            Cutoff.jaxMd(1.5));
    private static final double[][] EPS = {{4.0}}, ALPHA = {{9.0}};
    private static final double RADIUS = 0.5, CORE_EPS = 1e4, CORE_SIGMA = 1, CORE_ALPHA = 4, SPACING = 1.5, CLIP = 1e4, SKIN = 0.4;
    /** dφ_k/dθ of the six patch angles [0, θ, −θ, π − θ, π, π + θ]. */
    private static final double[] TURN = {0, 1, -1, -1, 0, 1};

    private final Params p;
    private final Progress progress;
    private final RunDirectory dir;
    private final int side;
    private final double edge, kT, dt, lo, hi;
    private final long mdSteps, every;

    static List<ParamSpec> params() {
        return List.of(
                ParamSpec.real("theta", 30.0, "degrees", 0, 90, "kagome: starting patch angle θ (patches at 0, ±θ, 180° − θ, 180°, 180° + θ)"),
                ParamSpec.real("theta_min", 5.0, "degrees", 0, 90, "kagome: lower bound of θ (descent and searches)"),
                ParamSpec.real("theta_max", 85.0, "degrees", 0, 90, "kagome: upper bound of θ"),
                ParamSpec.integer("side", 4, null, 2, 100, "kagome: side² bodies, started on a square lattice of spacing 1.5 (the authors: 6)"),
                ParamSpec.real("density", 0.3, "bodies/length^2", 1e-4, 0.44, "kagome: number density (the authors: 0.3)"),
                ParamSpec.integer("md_steps", 4000, "steps", 10, 100_000_000, "kagome: MD steps per run (the authors: 40,000 + 10,000)"),
                ParamSpec.integer("sample_every", 20, "steps", 1, 1_000_000, "kagome: steps between ψ6 samples"),
                ParamSpec.real("equilibration", 0.5, null, 0, 0.99, "kagome: fraction of each run before sampling"),
                ParamSpec.integer("blocks", 5, null, 2, 1000, "kagome: blocks for the errors of the reweighting gradient"),
                ParamSpec.real("kt", 1.0, "energy", 1e-6, 1e6, "kagome: temperature (k_B = 1)"),
                ParamSpec.real("dt", 1e-3, "time", 1e-7, 1, "kagome: time step"),
                ParamSpec.bool("search_continue", false, "kagome: each random and grid search run continues from that search's previous "
                        + "final configuration, as the descent does (false: each starts from the square lattice)"));
    }

    KagomeDesign(Params p, Progress progress, RunDirectory dir) {
        this.p = p;
        this.progress = progress;
        this.dir = dir;
        side = p.getInt("side");
        edge = Math.sqrt(side * side / p.getDouble("density"));
        kT = p.getDouble("kt");
        dt = p.getDouble("dt");
        mdSteps = ((Number) p.get("md_steps")).longValue();
        every = ((Number) p.get("sample_every")).longValue();
        lo = p.getDouble("theta_min");
        hi = p.getDouble("theta_max");
        if (!(lo < hi)) throw BadInputException.forParam("theta_min", lo, "is not below theta_max = " + hi, "give theta_min < theta_max");
        double t0 = p.getDouble("theta");
        if (t0 < lo || t0 > hi) throw BadInputException.forParam("theta", t0, "lies outside [" + lo + ", " + hi + "]",
                "start between theta_min and theta_max");
        if (SPACING * side > edge) throw BadInputException.forParam("density", p.getDouble("density"), "the " + side + "×" + side
                + " lattice of spacing 1.5 does not fit in the box of edge " + SimulateMethod.fmt(edge), "give density <= " + SimulateMethod.fmt(1 / (SPACING * SPACING)));
        long samples = (mdSteps - first()) / every;
        if (samples < 2L * p.getInt("blocks")) throw BadInputException.forParam("md_steps", mdSteps, "gives " + samples
                + " ψ6 samples after equilibration, fewer than two per block", "give more md_steps, a smaller sample_every or fewer blocks");
    }

    /** One MD run: θ (degrees), the loss, |⟨Ψ⟩|, dL/dθ (per radian) with its error, the final configuration. */
    record Run(double theta, double loss, double order, double slope, double slopeError, Configuration last) { }

    private long first() { return (long) Math.ceil(p.getDouble("equilibration") * mdSteps); }

    /** The slopes of the kagome model's energy with the patches at θ (radians). */
    static EnergySlopes slopes(double theta) {
        return new EnergySlopes(MODEL, new double[][] {patches(theta)}, EPS, ALPHA, 0, CORE_EPS, CORE_SIGMA, CORE_ALPHA);
    }

    /** The six body-frame patches [6·2] at θ (radians). */
    static double[] patches(double theta) {
        double[] phi = {0, theta, -theta, Math.PI - theta, Math.PI, Math.PI + theta}, out = new double[12];
        for (int k = 0; k < 6; k++) {
            out[2 * k] = RADIUS * Math.cos(phi[k]);
            out[2 * k + 1] = RADIUS * Math.sin(phi[k]);
        }
        return out;
    }

    /** The authors' start: a side × side square lattice of spacing 1.5 offset by (0.01, 0.03), all bodies at angle 0. */
    Configuration lattice() {
        double[][] q = new double[side * side][];
        for (int i = 0; i < side; i++) for (int j = 0; j < side; j++) q[i * side + j] = new double[] {SPACING * i + 0.01, SPACING * j + 0.03, 0};
        return Configuration.planar(new int[side * side], q, new double[] {edge, edge});
    }

    /** NVT from {@code start} at θ (degrees) for md_steps steps, sampling Ψ and ∂U/∂θ after the equilibration fraction. */
    Run simulate(double thetaDegrees, Configuration start, RandomKey key) {
        double theta = Math.toRadians(thetaDegrees);
        double[][] patches = {patches(theta)};
        PatchyBodies pb = new PatchyBodies(MODEL, patches, CORE_SIGMA);
        RigidSystem sys = pb.system(new Box(new double[] {edge, 0, 0, 0, edge, 0, 0, 0, 1}, new boolean[] {true, true, false}));
        RigidForces forces = new RigidForces(PotentialForceField.of(PatchyPair.of(MODEL, EPS, ALPHA, 0, CORE_EPS, CORE_SIGMA, CORE_ALPHA), SKIN), sys);
        RigidNoseHoover nh = new RigidNoseHoover(forces, dt, Ramp.constant(kT), UnitSystem.LJ);
        RigidState s = nh.init(key, pb.bodies(start.types(), start.centres(), start.rotations()), kT);
        EnergySlopes slopes = slopes(theta);
        ReweightedGradient rw = new ReweightedGradient();
        double[] edges = {edge, edge};
        long first = first();
        for (long k = 1; k <= mdSteps; k++) {
            s = nh.step(s);
            if (k >= first && k % every == 0) {
                Configuration c = pb.configuration(s.bodies(), sys.rotations(s.bodies()), edges);
                rw.add(HexaticOrder.mean(c), new double[] {turn(slopes.of(c), theta)});
            }
        }
        ReweightedGradient.Estimate e = rw.estimate(0, p.getInt("blocks"), 1 / kT);
        double re = e.mean()[0], im = e.mean()[1], m = Math.hypot(re, im);
        double dm = (re * e.gradient()[0][0] + im * e.gradient()[1][0]) / m;
        double dmError = Math.hypot(re * e.gradientError()[0][0], im * e.gradientError()[1][0]) / m;
        return new Run(thetaDegrees, (1 - m) * (1 - m), m, -2 * (1 - m) * dm, 2 * (1 - m) * dmError,
                pb.configuration(s.bodies(), sys.rotations(s.bodies()), edges));
    }

    /** ∂U/∂θ (per radian) = Σ_k ∂U/∂p_k · dp_k/dθ, dp_k/dθ = R (−sin φ_k, cos φ_k) dφ_k/dθ, from the slopes at θ (radians). */
    static double turn(EnergySlopes.Slopes s, double theta) {
        double[] p = patches(theta), dUdp = s.patches()[0];
        double g = 0;
        for (int k = 0; k < 6; k++) g += TURN[k] * (-p[2 * k + 1] * dUdp[2 * k] + p[2 * k] * dUdp[2 * k + 1]);
        return g;
    }

    /** patchy.design target=kagome with the Method's parameters and its optimizer catalogue. */
    static Result run(AD engine, ServiceCatalog<OptimizerProvider> optimizers, Params p, Progress progress, RunDirectory dir) throws IOException {
        Optimizer opt = OptimizerChoice.create(engine.ops(), optimizers, "optimizer", p.getString("optimizer"),
                Map.of("lr", p.getDouble("lr"), "num_steps", (long) p.getInt("steps")), "use an optimizer that takes a learning rate, e.g. adam");
        return new KagomeDesign(p, progress, dir).run(engine.ops(), opt);
    }

    /** The whole design: descent, random and grid search, files and result. */
    private Result run(Ops o, Optimizer opt) throws IOException {
        int steps = p.getInt("steps");
        RandomKey[] keys = RandomKey.of(((Number) p.get("seed")).longValue()).split(3);
        List<Run> descent = new ArrayList<>();
        List<String> files = new ArrayList<>();
        double theta = p.getDouble("theta");
        OptState state = opt.init(o.constant(new double[] {Math.toRadians(theta)}, 1));
        Configuration conf = lattice();
        for (int k = 0; k <= steps; k++) {
            Run r = simulate(theta, conf, keys[0].foldIn(k));
            descent.add(r);
            conf = r.last();
            files.addAll(snapshot(String.format(Locale.ROOT, "step_%03d", k), conf, theta, (k + 1) * mdSteps));
            progress.update(k + 1, steps + 1, String.format(Locale.ROOT, "outer step %d: θ %.3f°, loss %.5f, |ψ6| %.4f", k, theta, r.loss(), r.order()));
            if (k == steps) break;
            double g = Math.max(-CLIP, Math.min(CLIP, r.slope())), at = Math.toRadians(theta);
            Var params = o.constant(new double[] {at}, 1);
            Update up = opt.update(o.constant(new double[] {g}, 1), state, params);
            state = up.state();
            double step = opt.applyUpdates(params, up.updates()).item() - at;
            double scale = k < steps / 3.0 ? 1 : k < 2 * steps / 3.0 ? 0.5 : 0.1;
            theta = Math.max(lo, Math.min(hi, Math.toDegrees(at + scale * step)));
        }
        Run check = simulate(theta, lattice(), keys[0].foldIn(-1));
        Map<String, List<Run>> searches = new LinkedHashMap<>();
        searches.put("gradient", descent);
        int budget = p.getInt("search_evaluations") > 0 ? p.getInt("search_evaluations") : descent.size();
        if (p.getBoolean("compare")) {
            SplittableRandom rng = new SplittableRandom(((Number) p.get("seed")).longValue());
            boolean chain = p.getBoolean("search_continue");
            List<Run> random = new ArrayList<>(), grid = new ArrayList<>();
            for (int k = 0; k < budget; k++) {
                Configuration from = chain && k > 0 ? random.get(k - 1).last() : lattice();
                random.add(simulate(lo + (hi - lo) * rng.nextDouble(), from, keys[1].foldIn(k)));
                progress.update(k + 1, budget, "random search");
            }
            for (int k = 0; k < budget; k++) {
                Configuration from = chain && k > 0 ? grid.get(k - 1).last() : lattice();
                grid.add(simulate(lo + (hi - lo) * (k + 0.5) / budget, from, keys[2].foldIn(k)));
                progress.update(k + 1, budget, "grid search");
            }
            searches.put("random", random);
            searches.put("grid", grid);
        }
        return report(searches, check, files);
    }

    /** step_KKK.extxyz and step_KKK.png of a configuration at θ (degrees). */
    private List<String> snapshot(String name, Configuration c, double theta, long step) throws IOException {
        double[] flat = patches(Math.toRadians(theta));
        double[][][] frames = new double[1][6][];
        for (int k = 0; k < 6; k++) frames[0][k] = new double[] {flat[2 * k], flat[2 * k + 1]};
        dir.writeString(name + ".extxyz", ExtXyz.bodies(c, MODEL, step, step * dt));
        dir.writeBytes(name + ".png", Render2d.png(c, MODEL, frames, CORE_SIGMA, String.format(java.util.Locale.ROOT, "θ = %.2f°, step %d", theta, step)));
        return List.of(name + ".extxyz", name + ".png");
    }

    private Result report(Map<String, List<Run>> searches, Run check, List<String> files) throws IOException {
        List<Run> descent = searches.get("gradient");
        Run before = descent.get(0), after = descent.get(descent.size() - 1);
        Plot.Panel loss = new Plot.Panel("kagome loss (1 − |ψ6|)² against MD runs", "MD run", "loss");
        Plot.Panel angle = new Plot.Panel("patch angle θ of each MD run", "MD run", "θ (degrees)");
        Map<String, Object> per = new LinkedHashMap<>();
        Result.Builder out = Result.builder().put("target", "kagome").put("bodies", side * side).put("box", edge)
                .put("theta_before", before.theta()).put("loss_before", before.loss()).put("psi6_before", before.order())
                .put("theta_after", after.theta()).put("loss_after", after.loss()).put("psi6_after", after.order())
                .put("after_from_lattice", Map.of("theta", check.theta(), "loss", check.loss(), "psi6", check.order()));
        for (Map.Entry<String, List<Run>> e : searches.entrySet()) {
            List<double[]> rows = new ArrayList<>();
            double[] x = new double[e.getValue().size()], y = new double[x.length], t = new double[x.length];
            Run best = e.getValue().get(0);
            for (int k = 0; k < x.length; k++) {
                Run r = e.getValue().get(k);
                if (r.loss() < best.loss()) best = r;
                x[k] = k;
                y[k] = r.loss();
                t[k] = r.theta();
                rows.add(new double[] {k, r.theta(), r.loss(), r.order(), r.slope(), r.slopeError(), best.loss()});
            }
            String name = "kagome_" + e.getKey() + ".csv";
            Outputs.csv(dir, name, "run,theta_deg,loss,psi6,dloss_dtheta_per_rad,dloss_error,best_loss", rows);
            files.add(name);
            if (e.getKey().equals("gradient")) {
                loss.linePoints(e.getKey(), x, y);
                angle.linePoints(e.getKey(), x, t);
            } else {
                loss.points(e.getKey(), x, y);
                angle.points(e.getKey(), x, t);
            }
            int runs = x.length + (e.getKey().equals("gradient") ? 1 : 0);
            per.put(e.getKey(), Map.of("md_runs", runs, "md_steps", runs * mdSteps, "best_loss", best.loss(), "best_theta", best.theta(),
                    "best_psi6", best.order()));
            out.summary(String.format(Locale.ROOT, "%s: %d MD runs (%d steps); best loss %.5f (|ψ6| %.4f) at θ = %.2f°", e.getKey(), runs,
                    runs * mdSteps, best.loss(), best.order(), best.theta()));
        }
        dir.writeBytes("loss_vs_run.png", Plot.png(List.of(loss, angle)));
        files.add("loss_vs_run.png");
        out.summary(String.format(Locale.ROOT, "gradient descent: θ %.2f° -> %.2f°, loss %.5f -> %.5f, |ψ6| %.4f -> %.4f; from the lattice at "
                + "the final θ: loss %.5f, |ψ6| %.4f", before.theta(), after.theta(), before.loss(), after.loss(), before.order(), after.order(),
                check.loss(), check.order()));
        return out.put("searches", per).put("files", files).build();
    }
}
