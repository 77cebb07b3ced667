package org.polymorph.materials.internal.method;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.rigid.LammpsRigidData;
import org.polymorph.materials.internal.rigid.RigidForces;
import org.polymorph.materials.internal.rigid.RigidGradientBench;
import org.polymorph.materials.internal.rigid.RigidNoseHoover;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/**
 * {@code bench.rigid}: rigid-body NVT of n³ five-point bodies (a square pyramid of unit-mass LJ points,
 * base side σ, apex 0.8σ above it) on a cubic grid of spacing 2.4σ with random orientations, lj/cut
 * 2.5σ, skin 0.3σ with LAMMPS's safe list policy (every 1, delay 0, check yes), intra-body pairs
 * excluded, T* = 1, dt 0.002τ, Nosé–Hoover chains of length 5 with 2 sub-steps and third-order
 * Suzuki–Yoshida, τ = 100 dt, one thread. Ours: {@link RigidNoseHoover}; LAMMPS (when on PATH):
 * {@code fix rigid/nvt molecule temp 1 1 0.2 tparam 5 2 3} on the same data file (positions and
 * velocities). Reports body-steps per second of the integration loop (ours after {@code warmup}
 * untimed steps; LAMMPS's loop time of its run) and the ratio ours/LAMMPS; each program's run is
 * repeated and the median taken.
 * <p>{@code section=gradient} (or {@code all}): the trajectory-gradient case of {@link RigidGradientBench}
 * ({@code gradient_bodies_per_axis}³ bodies × {@code gradient_steps} NVE steps): seconds of the plain RigidNve, of a loss
 * of the differentiable trajectory and of its gradient w.r.t. the shape's points and the LJ parameters by the adjoint
 * sweep, with the ratios gradient/forward and gradient/plain, and the same through the autodiff tape ({@code tape}).
 */
public final class BenchRigidMethod implements Method {
    private static final double SPACING = 2.4;
    private static final double DT = 0.002;
    private static final double TEMPERATURE = 1.0;
    private static final double SKIN = 0.3;

    private final Supplier<AD> ad;

    /** {@code ad}: the autodiff engine of the gradient section. */
    public BenchRigidMethod(Supplier<AD> ad) { this.ad = ad; }

    @Override public String id() { return "bench.rigid"; }

    @Override public String description() {
        return "Rigid-body NVT of 4,096 five-point LJ bodies (Nose-Hoover chains, NO_SQUISH): body-steps/s and ratio to LAMMPS fix rigid/nvt (1 thread)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("bodies_per_axis", 16, "bodies", 2, 100, "bodies per axis of the cubic grid (bodies = n³, 16: 4,096)"),
                ParamSpec.integer("steps", 200, "steps", 1, 1_000_000, "NVT steps timed"),
                ParamSpec.integer("warmup", 100, "steps", 0, 1_000_000, "untimed steps before each timed run of ours (JIT compilation of the force loop and the rigid-body steps)"),
                ParamSpec.integer("seed", 4096, "", 0, Integer.MAX_VALUE, "seed of the orientations and momenta"),
                ParamSpec.integer("repeats", 3, "", 1, 100, "timed runs of each program; the median is reported"),
                ParamSpec.bool("lammps", true, "also run lmp (when on PATH) on the same data file with one thread"),
                ParamSpec.choice("section", "nvt", List.of("nvt", "gradient", "all"), "nvt: the NVT throughput against LAMMPS; gradient: the trajectory-gradient cost; all: both"),
                ParamSpec.integer("gradient_bodies_per_axis", 4, "bodies", 1, 20, "bodies per axis of the gradient case (4: 64 bodies, 8: 512)"),
                ParamSpec.integer("gradient_steps", 200, "steps", 1, 100_000, "NVE steps of the gradient case"),
                ParamSpec.bool("tape", true, "also time the loss and gradient through the autodiff tape of every step"));
    }

    /** The square pyramid: base corners (±½, ±½, 0), apex (0, 0, 0.8), unit masses, one species. */
    static Shape pyramid() {
        return Shape.of3d(new double[] {-0.5, -0.5, 0, 0.5, -0.5, 0, 0.5, 0.5, 0, -0.5, 0.5, 0, 0, 0, 0.8}, new int[5], new double[] {1, 1, 1, 1, 1});
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        String section = p.getString("section");
        Map<String, Object> gradient = null;
        if (!section.equals("nvt")) {
            gradient = new RigidGradientBench(ad.get(), p.getInt("gradient_bodies_per_axis"), p.getInt("gradient_steps"), p.getInt("seed"))
                    .run(p.getBoolean("tape"), progress);
            if (section.equals("gradient")) {
                return Result.builder().put("gradient", gradient).summary(gradientSummary(gradient)).build();
            }
        }
        int n = p.getInt("bodies_per_axis");
        int steps = p.getInt("steps");
        int warmup = p.getInt("warmup");
        int repeats = p.getInt("repeats");
        double length = n * SPACING;
        RigidSystem sys = new RigidSystem(List.of(pyramid()), List.of("A"), Box.orthorhombic(length, length, length));
        RigidBodies start = sys.thermalised(RandomKey.of(p.getInt("seed")), RigidBodies.cubicGrid(n, SPACING, RandomKey.of(p.getInt("seed") + 1L)), TEMPERATURE, UnitSystem.LJ);
        int bodies = start.size();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int k = 0; k < repeats; k++) runs.add(timed(sys, start, warmup, steps, progress));
        Map<String, Object> ours = BenchMdMethod.median(runs);
        double rate = (Double) ours.get("body_steps_per_second");
        Result.Builder r = Result.builder().put("bodies", bodies).put("points", bodies * 5).put("steps", steps).put("polymorph", ours);
        if (gradient != null) r.put("gradient", gradient).summary(gradientSummary(gradient));
        r.summary(String.format(Locale.ROOT, "bench.rigid: %d bodies (%d points) x %d NVT steps in %.3f s = %.4g body-steps/s, T %.3f -> %.3f",
                bodies, bodies * 5, steps, ours.get("loop_seconds"), rate, ours.get("temperature_start"), ours.get("temperature_end")));
        Path lmp = p.getBoolean("lammps") ? LammpsPeer.find() : null;
        if (lmp == null) {
            r.put("lammps", p.getBoolean("lammps") ? "lmp not found on PATH" : "skipped (lammps=false)");
            return r.build();
        }
        byte[] data = LammpsRigidData.write(sys, start).getBytes(StandardCharsets.UTF_8);
        List<Map<String, Object>> lruns = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            progress.checkCancelled("bench.rigid: LAMMPS run " + (k + 1) + " of " + repeats);
            progress.message("bench.rigid: running LAMMPS (" + lmp + ", 1 thread)");
            Map<String, Object> one = LammpsPeer.run(lmp, dir.resolve(repeats == 1 ? "lammps" : "lammps-" + (k + 1)), script(steps),
                    Map.of("data.rigid", data), 3600);
            lruns.add(one);
            if (!one.containsKey("loop_seconds")) break;
        }
        Map<String, Object> lr = lruns.get(lruns.size() - 1).containsKey("loop_seconds") ? BenchMdMethod.median(lruns) : lruns.get(lruns.size() - 1);
        if (lr.containsKey("loop_seconds")) {
            double lrate = (double) bodies * steps / (Double) lr.get("loop_seconds");
            lr.put("body_steps_per_second", lrate);
            r.put("ratio", rate / lrate);
            r.summary(String.format(Locale.ROOT, "LAMMPS %s fix rigid/nvt: %.3f s = %.4g body-steps/s; ours/LAMMPS = %.3f", lr.getOrDefault("version", ""),
                    lr.get("loop_seconds"), lrate, rate / lrate));
        }
        r.put("lammps", lr);
        return r.build();
    }

    private Map<String, Object> timed(RigidSystem sys, RigidBodies start, int warmup, int steps, Progress progress) {
        RigidForces ff = new RigidForces(PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, false), SKIN), sys);
        RigidNoseHoover nvt = new RigidNoseHoover(ff, DT, Ramp.constant(TEMPERATURE), UnitSystem.LJ);
        RigidState s = nvt.init(RandomKey.of(0), start);
        double t0 = s.temperature();
        for (int k = 0; k < warmup; k++) {
            progress.checkCancelled("bench.rigid: warm-up step " + k + " of " + warmup);
            s = nvt.step(s);
        }
        double e0 = s.conservedEnergy();
        long begin = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            s = nvt.step(s);
            if ((k + 1) % 10 == 0) {
                progress.update(k + 1, steps, String.format(Locale.ROOT, "T = %.4g", s.temperature()));
                progress.checkCancelled("bench.rigid: step " + (k + 1) + " of " + steps);
            }
        }
        double loop = (System.nanoTime() - begin) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmup_steps", warmup);
        m.put("loop_seconds", loop);
        m.put("body_steps_per_second", start.size() * (double) steps / loop);
        m.put("temperature_start", t0);
        m.put("temperature_end", s.temperature());
        m.put("conserved_energy_drift_per_body", (s.conservedEnergy() - e0) / start.size());
        return m;
    }

    private static String gradientSummary(Map<String, Object> g) {
        String s = String.format(Locale.ROOT, "bench.rigid gradient: %d bodies x %d NVE steps: plain %.3f s, loss %.3f s, gradient (adjoint) %.3f s = %.2f x the loss, %.2f x plain"
                + " (CPU: %.2f x the loss, %.2f x plain)", g.get("bodies"), g.get("steps"), g.get("plain_seconds"), g.get("forward_seconds"), g.get("gradient_seconds"),
                g.get("gradient_over_forward"), g.get("gradient_over_plain"), g.get("gradient_over_forward_cpu"), g.get("gradient_over_plain_cpu"));
        if (g.containsKey("tape_gradient_seconds")) {
            s += String.format(Locale.ROOT, "; tape: loss %.3f s, gradient %.3f s (%.2f x its loss, %.1f x the adjoint's), agreement %.1e", g.get("tape_forward_seconds"),
                    g.get("tape_gradient_seconds"), g.get("tape_gradient_over_tape_forward"), g.get("tape_over_adjoint_gradient"), g.get("gradient_agreement"));
        }
        return s;
    }

    /** The LAMMPS input of the same run. */
    static String script(int steps) {
        return String.join("\n", "units lj", "atom_style molecular", "boundary p p p", "read_data data.rigid",
                "pair_style lj/cut 2.5", "pair_coeff 1 1 1.0 1.0 2.5", "neighbor " + SKIN + " bin",
                "neigh_modify every 1 delay 0 check yes exclude molecule/intra all",
                "fix 1 all rigid/nvt molecule temp " + TEMPERATURE + " " + TEMPERATURE + " " + 100 * DT + " tparam 5 2 3",
                "timestep " + DT, "thermo 50", "run " + steps, "");
    }
}
