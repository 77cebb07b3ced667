package org.polymorph.materials.internal.forcefield;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Timing;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.internal.method.RowParallel;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;

/**
 * {@code bench.ff}: the cost of ff.fit's gradients relative to their forward evaluations (Stillinger–Weber Si,
 * free epsilon, sigma, lambda at 2–3 % from the file's values).
 * (i) The elastic-constant loss (relaxed-ion C11, C12, C44 and zero pressure on the 8-atom diamond cell):
 * median time of value+gradient over the median time of the value ({@code repeats} each, after two
 * untimed of each). (ii) An MD-based loss (the VDOS target on {@code cells}³ × 8 atoms, {@code md_steps} NVE
 * steps of 1 fs at 300 K; target curve from a reference run with epsilon × 1.05): median time of value+gradient
 * (reverse mode through the trajectory) over the median time of the value ({@code md_repeats} rounds of both after
 * one untimed), with √T checkpointing and, with {@code compare=true}, once without; and the memory of each gradient, measured on the heap (the engine's
 * TapeMeter is private to the autodiff bundle; BenchFfMethodTest reads it in tests): {@code tape_heap_bytes},
 * the heap still held after the forward pass (full GCs before and after it, in the untimed round), which is what the
 * backward pass starts from, and {@code peak_heap_bytes}, Σ over the
 * heap memory pools of their peak usage minus the heap used before, which counts uncollected garbage too.
 * (iii) The trajectory cases ({@link TrajectoryCases}, {@link TrajectoryBench}): loss, reverse-mode and forward-mode
 * gradient through the plain-array trajectory of potentials whose kernels have second derivatives.
 */
public final class BenchFfMethod implements Method {
    private static final List<String> FREE = List.of("epsilon", "sigma", "lambda");
    private static final double[] X = {1.02, 0.99, 1.03};
    private final Supplier<AD> ad;
    private final PotentialCatalog potentials;

    /** {@code potentials}: where sw is found. */
    public BenchFfMethod(Supplier<AD> ad, PotentialCatalog potentials) {
        this.ad = ad;
        this.potentials = potentials;
    }

    @Override public String id() { return "bench.ff"; }

    @Override public String description() {
        return "ff.fit gradient cost: elastic loss grad/forward time ratio; MD (VDOS) loss grad/forward ratio and peak heap with and without sqrt(T) checkpointing";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("repeats", 20, "", 1, 1000, "timed evaluations of the elastic loss (median, after 2 s of untimed ones)"),
                ParamSpec.integer("cells", 4, "cells", 1, 8, "diamond cells per axis of the MD loss (atoms = 8 cells³)"),
                ParamSpec.integer("md_steps", 1000, "steps", 4, 100_000, "NVE steps (1 fs) of the MD loss"),
                ParamSpec.integer("md_repeats", 3, null, 1, 100, "timed rounds of the MD loss and its checkpointed gradient (after one untimed round); "
                        + "medians reported"),
                ParamSpec.integer("equilibration", 200, "steps", 0, 100_000, "untimed Langevin steps before the MD loss's fixed start"),
                ParamSpec.bool("compare", true, "also time and measure the MD gradient without checkpointing"),
                ParamSpec.text("trajectories", String.join(",", TrajectoryCases.NAMES), "trajectory cases (comma-separated) of "
                        + TrajectoryCases.NAMES + ", each timed as loss, reverse-mode and forward-mode gradient through the plain-array "
                        + "trajectory; empty: none"),
                ParamSpec.integer("trajectory_steps", 1000, "steps", 4, 100_000, "MD steps of the trajectory cases"),
                ParamSpec.integer("trajectory_repeats", 5, null, 1, 100, "timed rounds of each trajectory case (loss, reverse and forward gradient in "
                        + "turn, after one untimed round); medians reported"),
                ParamSpec.bool("trajectory_small", false, "trajectory cases on a few dozen atoms instead of the goals' sizes (for tests)"),
                ParamSpec.integer("threads", 1, null, 1, 256, "threads of the trajectory cases' forces and Hessian products (row blocks, styles that "
                        + "split by rows; others run on one)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        AD engine = ad.get();
        Path sw = extractSw(dir);
        Result.Builder r = Result.builder().put("potential", "sw (Si.sw)").put("free", FREE).put("x", List.of(X[0], X[1], X[2]));
        progress.message("bench.ff: elastic loss");
        Objective el = objective(engine, sw, List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1), new Target.ZeroPressure("diamond", 5.431, 0.01)));
        Map<String, Object> e = elastic(el, p.getInt("repeats"), progress);
        r.put("elastic", e);
        r.summary(String.format(Locale.ROOT, "elastic loss (8 atoms): forward %.4f s, gradient %.4f s, ratio %.2f (target <= 3)",
                e.get("forward_seconds"), e.get("gradient_seconds"), e.get("ratio")));

        FittableStyle style = FitStyles.of(potentials, "sw");
        double[] ref = style.read(sw, "Si");
        ref[style.index("epsilon")] *= 1.05;
        Path refFile = dir.writeString("reference.sw", style.write("Si", ref, "bench.ff reference: Si.sw with epsilon x 1.05"));
        Target.Md md = new Target.Md(p.getInt("cells"), 300, 1, p.getInt("equilibration"), p.getInt("md_steps"), 1);
        Target vdos = new Target.Vdos(md, new Target.Source(null, null, "sw", refFile), 0.5, 20, "diamond", 5.431, 1);
        Objective mdObj = objective(engine, sw, List.of(vdos));
        int atoms = 8 * md.cells() * md.cells() * md.cells();
        progress.message("bench.ff: MD loss, " + atoms + " atoms x " + md.steps() + " steps: setup (equilibration, reference run)");
        long t0 = System.nanoTime();
        mdObj.md().prepare(vdos);
        double setup = seconds(t0);
        progress.checkCancelled("bench.ff: after the MD loss's setup");
        int rounds = p.getInt("md_repeats");
        double[] fw = new double[rounds];
        double[] gr = new double[rounds];
        double loss = Double.NaN;
        Map<String, Object> cp = null;
        for (int round = 0; round <= rounds; round++) {                  // round 0 untimed (the JIT's warm-up)
            String of = round == 0 ? " (untimed)" : " (round " + round + " of " + rounds + ")";
            progress.message("bench.ff: MD loss forward" + of);
            t0 = System.nanoTime();
            loss = mdObj.loss(X);
            double s = seconds(t0);
            progress.checkCancelled("bench.ff: after the MD loss forward" + of);
            progress.message("bench.ff: MD loss gradient, checkpointed" + of);
            if (round == 0) cp = gradient(mdObj, vdos, true, s, true);   // the heap measured in the untimed round only, then once more without collections
            Map<String, Object> g = gradient(mdObj, vdos, true, s, false);
            if (round > 0) {
                fw[round - 1] = s;
                gr[round - 1] = (double) g.get("seconds");
            }
            g.put("tape_heap_bytes", cp.get("tape_heap_bytes"));
            g.put("peak_heap_bytes", cp.get("peak_heap_bytes"));
            cp = g;
        }
        double forward = Timing.median(fw);
        cp.put("seconds", Timing.median(gr));
        cp.put("ratio", Timing.median(gr) / forward);
        cp.put("seconds_each", Arrays.stream(gr).boxed().toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("atoms", atoms);
        m.put("steps", md.steps());
        m.put("setup_seconds", setup);
        m.put("loss", loss);
        m.put("repeats", rounds);
        m.put("forward_seconds", forward);
        m.put("forward_seconds_each", Arrays.stream(fw).boxed().toList());
        m.put("checkpointed", cp);
        r.summary(String.format(Locale.ROOT, "MD loss (%d atoms, %d steps): forward %.2f s; gradient with sqrt(T) checkpointing %.2f s (ratio %.2f), tape %.1f MB, peak heap %.1f MB",
                atoms, md.steps(), forward, cp.get("seconds"), cp.get("ratio"), (double) (long) cp.get("tape_heap_bytes") / 1048576, (double) (long) cp.get("peak_heap_bytes") / 1048576));
        if (p.getBoolean("compare")) {
            progress.checkCancelled("bench.ff: after the checkpointed MD gradient");
            progress.message("bench.ff: MD loss gradient, not checkpointed");
            Map<String, Object> plain = gradient(mdObj, vdos, false, forward, true);
            double[] a = (double[]) cp.remove("gradient_values");
            double[] b = (double[]) plain.remove("gradient_values");
            double diff = 0;
            double scale = 0;
            for (int k = 0; k < a.length; k++) {
                diff = Math.max(diff, Math.abs(a[k] - b[k]));
                scale = Math.max(scale, Math.abs(b[k]));
            }
            m.put("not_checkpointed", plain);
            m.put("gradient_relative_difference", diff / scale);
            r.summary(String.format(Locale.ROOT, "  without checkpointing: %.2f s (ratio %.2f), tape %.1f MB, peak heap %.1f MB; gradients agree to %.1e",
                    plain.get("seconds"), plain.get("ratio"), (double) (long) plain.get("tape_heap_bytes") / 1048576, (double) (long) plain.get("peak_heap_bytes") / 1048576, diff / scale));
        } else {
            cp.remove("gradient_values");
        }
        m.put("memory_measure", "tape_heap_bytes: heap held after the forward pass (the tape, frames and curve intermediates the backward pass needs), by full GCs"
                + " before and after it; peak_heap_bytes: sum of the heap pools' peak usage (MemoryPoolMXBean) minus the heap used before, uncollected garbage included");
        r.put("md", m);
        r.put("trajectories", trajectories(engine, p, progress, dir, r));
        return r.build();
    }

    /** The trajectory section: per case its timings, or why it was not run (a style without a second-order kernel). */
    private Map<String, Object> trajectories(AD engine, Params p, Progress progress, RunDirectory dir, Result.Builder r) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        TrajectoryCases cases = new TrajectoryCases(engine, potentials, dir, p.getBoolean("trajectory_small"), p.getInt("trajectory_steps"));
        for (String name : p.getString("trajectories").split(",")) {
            name = name.trim();
            if (name.isEmpty()) continue;
            if (!TrajectoryCases.NAMES.contains(name)) {
                throw BadInputException.forParam("trajectories", p.getString("trajectories"), "unknown case " + name,
                        "use cases from " + TrajectoryCases.NAMES);
            }
            TrajectoryBench.Case c = cases.get(name);
            org.polymorph.materials.internal.potential.FusedEnergy fused = new org.polymorph.materials.internal.potential.FusedEnergy(engine, c.family(), c.atoms());
            Potential pot = fused.potential(c.theta());
            if (fused.secondOrder(c.theta()) == null) {
                out.put(name, Map.of("skipped", pot.style() + " has no second-order kernel: its trajectory gradients take the autodiff path (the md section)"));
                continue;
            }
            progress.checkCancelled("bench.ff: before the trajectory case " + name);
            int threads = p.getInt("threads");
            Map<String, Object> m = new TrajectoryBench(engine, c, q -> threads > 1 && RowParallel.splits(potentials, q) ? RowParallel.of(potentials, q, threads) : q)
                    .run(progress, p.getInt("trajectory_repeats"));
            m.put("threads", threads > 1 && RowParallel.splits(potentials, pot) ? threads : 1);
            out.put(name, m);
            Map<?, ?> rev = (Map<?, ?>) m.get("reverse"), fwd = (Map<?, ?>) m.get("forward");
            r.summary(String.format(Locale.ROOT, "%s (%d atoms, %d steps, %d parameters): loss %.2f s (trajectory %.2f s); gradient reverse %.2f s (ratio %.2f), "
                    + "forward %.2f s (ratio %.2f); thread CPU time: loss %.2f s, ratios %.2f / %.2f; heap held %.1f / %.1f MB; modes agree to %.1e", name, m.get("atoms"),
                    m.get("steps"), m.get("parameters"), m.get("forward_seconds"), m.get("trajectory_seconds"), rev.get("seconds"), rev.get("ratio"), fwd.get("seconds"),
                    fwd.get("ratio"), m.get("forward_cpu_seconds"), rev.get("cpu_ratio"), fwd.get("cpu_ratio"),
                    (double) (long) rev.get("heap_held_bytes") / 1048576, (double) (long) fwd.get("heap_held_bytes") / 1048576, m.get("modes_relative_difference")));
        }
        return out;
    }

    private Objective objective(AD ad, Path sw, List<Target> targets) {
        return new Fitter(ad, potentials, new Fit("sw", sw, "Si", FREE, Map.of(), targets, "lbfgs", 1, 0.01, 0)).objective();
    }

    private static Map<String, Object> elastic(Objective f, int repeats, Progress progress) {
        long warm = System.nanoTime();                                   // untimed: until the JIT has compiled both paths (2 s, 5-200 rounds)
        for (int k = 0; k < 200 && (k < 5 || System.nanoTime() - warm < 2_000_000_000L); k++) {
            f.loss(X);
            f.lossAndGradient(X);
        }
        double[] fw = new double[repeats];
        double[] gr = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            progress.checkCancelled("bench.ff: elastic loss, repeat " + (k + 1) + " of " + repeats);
            long t0 = System.nanoTime();
            f.loss(X);
            fw[k] = seconds(t0);
            t0 = System.nanoTime();
            f.lossAndGradient(X);
            gr[k] = seconds(t0);
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("atoms", 8);
        e.put("repeats", repeats);
        e.put("forward_seconds", Timing.median(fw));
        e.put("gradient_seconds", Timing.median(gr));
        e.put("ratio", Timing.median(gr) / Timing.median(fw));
        return e;
    }

    /**
     * The MD loss's value and gradient, timed; with {@code memory} also the heap held after its forward pass and its peak (full
     * GCs before, between and after, the time of those between not counted; G1 gives heap back after them, which the next
     * allocations pay for, so a timed round should not measure memory).
     */
    private static Map<String, Object> gradient(Objective f, Target t, boolean checkpoint, double forward, boolean memory) {
        long base = memory ? heapAfterGc() : 0;
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(b -> b.getType() == MemoryType.HEAP).toList();
        if (memory) pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] held = new long[2];                                       // bytes held after the forward pass; nanoseconds spent measuring them
        long t0 = System.nanoTime();
        double[] lg = f.mdLossAndGradient(t, X, checkpoint, () -> {
            if (!memory) return;
            long m0 = System.nanoTime();
            held[0] = heapAfterGc() - base;
            held[1] = System.nanoTime() - m0;
        });
        double s = (System.nanoTime() - t0 - held[1]) / 1e9;
        long peak = memory ? pools.stream().mapToLong(b -> b.getPeakUsage().getUsed()).sum() - base : -1;
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("seconds", s);
        g.put("ratio", s / forward);
        g.put("tape_heap_bytes", held[0]);
        g.put("peak_heap_bytes", peak);
        g.put("gradient", Arrays.stream(lg, 1, lg.length).boxed().toList());
        g.put("gradient_values", Arrays.copyOfRange(lg, 1, lg.length));
        return g;
    }

    static long heapAfterGc() {
        for (int k = 0; k < 3; k++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }

    private static Path extractSw(RunDirectory dir) throws IOException {
        try (InputStream in = BenchFfMethod.class.getResourceAsStream("/potentials/Si.sw")) {
            if (in == null) throw new IllegalStateException("the bundle lacks its resource potentials/Si.sw");
            return dir.writeBytes("Si.sw", in.readAllBytes());
        }
    }
}
