package org.polymorph.materials.internal.method;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.polymorph.core.method.Progress;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.MdForceProbe;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;

/**
 * The GPU MD benchmark of the device check: bench.md.lj (LAMMPS's in.lj: fcc ρ* 0.8442, T* 3.0, lj/cut
 * 2.5σ, dt 0.005τ) and bench.md.sw (diamond Si, Stillinger–Weber, 1000 K, 1 fs) at the sizes of the options
 * (32,000 and 1,048,576; 64,000 and 1,000,000 atoms by default), each timed
 * <ul>
 *   <li>on a TensorService's {@link MdKernels} (on the GPU machine the CUDA service on device 0; in the tests the
 *       kernels emulated on the CPU) through bench.md's device timing ({@link BenchMdMethod#timedOnDevice}): the
 *       device's warm-up, then {@code steps} steps, atom-steps/s;</li>
 *   <li>on the host through bench.md's CPU timing ({@link BenchMdMethod#timed}, the input's skin and neighbour
 *       policy) on {@code threads} threads (row blocks, {@link RowParallel}; one thread for a style that does not
 *       split), a shorter run: cpuWarmup untimed and cpuSteps timed steps; the ratio device / CPU;</li>
 *   <li>the force kernels alone ({@link MdForceProbe}), timed between device syncs on the final neighbour list:
 *       their compulsory bytes / median time = effective bandwidth, over the device's peak (memory clock × bus
 *       width × 2, from the driver) = bandwidth_fraction.</li>
 * </ul>
 * The device's warm-up is the CPU run's length (cpuWarmup + cpuSteps) so that both trajectories, from the same
 * start, meet at that step: their total energies there (energy_check) agree to rounding.
 *
 * <p>Budget: cases run in the order lj, sw at the first size, then the next size, so the budget cuts the largest.
 * No case starts past {@code budgetS}, nor one whose projected time (the last measured case of the same style,
 * its seconds per atom of loops and setups scaled to the new size, × 1.25) ends past it; such cases go under
 * {@code not_run} with the reason. The JSON (rewritten after each case, "status": "running" until the end):
 * tool, status, device, backend, cpu {cores, threads}, args, timing, md rows, not_run, errors, seconds. Exit
 * status of {@link #main}: 0 when it ran (or found no GPU: status "skipped"), 1 when the device failed its
 * self-check or a case failed, 2 for a bad option.
 */
public final class DeviceMdBench {
    private static final double PROJECTION_MARGIN = 1.25;

    private final TensorService svc;
    private final MdKernels md;
    private final DeviceMdBenchOptions o;
    private final PotentialCatalog catalog = FixedCatalog.builtin();
    private final long t0 = System.nanoTime();
    /** Per style, the last measured case: {atoms, seconds per atom}. */
    private final Map<String, double[]> last = new LinkedHashMap<>();

    /** One case: a bench.md input at a size. */
    record Case(BenchMdMethod bench, String style, int cells) {
        long atoms() { return (long) cells * cells * cells * bench.input().basis(); }
    }

    DeviceMdBench(TensorService svc, DeviceMdBenchOptions options) {
        this.svc = svc;
        this.md = svc.mdKernels().orElseThrow(() -> new IllegalArgumentException(
                "md: the " + svc.name() + " TensorService offers no MD kernels; give the cuda service"));
        this.o = options;
    }

    private double elapsedS() { return (System.nanoTime() - t0) / 1e9; }

    /** The cases in the order run: each style's first size, then each style's second, ... */
    List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        BenchMdMethod lj = BenchMdMethod.lj(catalog, () -> svc), sw = BenchMdMethod.sw(catalog, () -> svc);
        for (int k = 0; k < Math.max(o.ljCells().size(), o.swCells().size()); k++) {
            if (k < o.ljCells().size()) cs.add(new Case(lj, "lj/cut", o.ljCells().get(k)));
            if (k < o.swCells().size()) cs.add(new Case(sw, "sw", o.swCells().get(k)));
        }
        return cs;
    }

    /** Runs every case that fits the budget; writes the report to the options' out after each. */
    Map<String, Object> run() throws IOException {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("tool", "md_bench");
        res.put("status", "running");
        res.put("device", svc.describe().get("device"));
        res.put("backend", svc.name());
        res.put("cpu", Map.of("cores", Runtime.getRuntime().availableProcessors(), "threads", o.threads()));
        res.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        res.put("args", o.asMap());
        res.put("timing", "System.nanoTime around bench.md's loops (device: state read back once after the timed steps; host: "
                + "the input's neighbour policy); force kernels: each evaluation between two device syncs, the median");
        List<Map<String, Object>> rows = new ArrayList<>(), notRun = new ArrayList<>(), errors = new ArrayList<>();
        res.put("md", rows);
        res.put("not_run", notRun);
        res.put("errors", errors);
        save(res);
        for (Case c : cases()) {
            String why = reasonToSkip(c.style(), c.atoms());
            if (why != null) {
                notRun.add(entry(c, "why", why));
                continue;
            }
            try {
                Map<String, Object> row = measure(c);
                rows.add(row);
                System.out.println(Json.write(row, false));
            } catch (Exception | OutOfMemoryError e) {   // out of device or host memory at a large size: record it, go on
                errors.add(entry(c, "error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
                System.err.println("DeviceMdBench: " + c.style() + " " + c.atoms() + " atoms failed: " + e);
            } finally {
                System.gc();
                res.put("seconds", round(elapsedS(), 2));
                save(res);
            }
        }
        res.put("status", errors.isEmpty() && notRun.isEmpty() ? "ok" : "partial");
        res.put("seconds", round(elapsedS(), 2));
        save(res);
        return res;
    }

    private static Map<String, Object> entry(Case c, String key, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("part", "md");
        m.put("potential", c.style());
        m.put("atoms", c.atoms());
        m.put(key, text);
        return m;
    }

    /** Remembers a measured case of style: its seconds per atom (loops and setups), what later projections scale. */
    void remember(String style, long atoms, double secondsPerAtom) { last.put(style, new double[] {atoms, secondsPerAtom}); }

    /** Null when a case of style at atoms may run, else why not: the budget is spent, or the case is projected to end past it. */
    String reasonToSkip(String style, long atoms) {
        double left = o.budgetS() - elapsedS();
        if (left <= 0) return "past --budget-s " + o.budgetS();
        double[] prev = last.get(style);
        if (prev == null) return null;
        double projected = prev[1] * atoms * PROJECTION_MARGIN;
        if (projected <= left) return null;
        return String.format(Locale.ROOT, "projected %.1f s (%.3g s/atom measured at %d atoms, x %.2f) > %.1f s left of --budget-s %s",
                projected, prev[1], (long) prev[0], PROJECTION_MARGIN, left, o.budgetS());
    }

    /** One case: the device run, the force kernels alone, the CPU run; the row. */
    Map<String, Object> measure(Case c) throws IOException {
        BenchMdMethod bench = c.bench();
        BenchMdMethod.Case in = bench.input();
        Path folder = Files.createTempDirectory("md-bench");
        Atoms atoms = bench.atoms(c.cells());
        Potential pot = bench.potential(folder);
        int meet = o.cpuWarmup() + o.cpuSteps();
        MdForceProbe.Timing[] forces = new MdForceProbe.Timing[1];
        OptionalDouble[] peak = new OptionalDouble[1];
        Map<String, Object> dev = bench.timedOnDevice(svc, md, pot, atoms, in.dt(), in.units(), in.temperature(), meet, o.steps(), o.seed(), 0,
                Progress.NONE, t -> {
                    forces[0] = MdForceProbe.time(t, o.forceEvaluations());
                    peak[0] = MdForceProbe.peakBandwidth(t);
                });
        int threads = o.threads() > 1 && RowParallel.splits(catalog, pot) ? o.threads() : 1;
        Map<String, Object> cpu;
        if (threads > 1) {
            try (RowParallel par = RowParallel.of(catalog, pot, threads)) {
                cpu = bench.timed(par, atoms, threads, in.skin(), in.update(), in.dt(), in.units(), in.temperature(), o.cpuWarmup(), o.cpuSteps(),
                        o.seed(), 0, Progress.NONE);
            }
        } else {
            cpu = bench.timed(pot, atoms, 1, in.skin(), in.update(), in.dt(), in.units(), in.temperature(), o.cpuWarmup(), o.cpuSteps(), o.seed(), 0,
                    Progress.NONE);
        }
        deleteTree(folder);
        Map<String, Object> row = row(c, in, atoms.size(), dev, cpu, threads, meet, forces[0], peak[0]);
        double perAtom = (num(dev, "loop_seconds") * (meet + o.steps()) / o.steps() + num(dev, "setup_seconds")
                + num(cpu, "loop_seconds") * meet / o.cpuSteps() + num(cpu, "setup_seconds") + sum(forces[0].seconds())) / atoms.size();
        remember(c.style(), atoms.size(), perAtom);
        return row;
    }

    private Map<String, Object> row(Case c, BenchMdMethod.Case in, int n, Map<String, Object> dev, Map<String, Object> cpu, int threads, int meet,
                                    MdForceProbe.Timing forces, OptionalDouble peak) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("potential", c.style());
        r.put("input", in.id());
        r.put("atoms", n);
        r.put("cells", c.cells());
        r.put("steps", o.steps());
        r.put("warmup_steps", meet);
        r.put("loop_seconds", dev.get("loop_seconds"));
        r.put("atom_steps_per_s", significant(num(dev, "atom_steps_per_second")));
        r.put("ns_per_atom_step", significant(num(dev, "ns_per_atom_step")));
        r.put("list_builds", dev.get("list_builds"));
        r.put("setup_seconds", dev.get("setup_seconds"));
        r.put("cpu_threads", threads);
        r.put("cpu_warmup_steps", o.cpuWarmup());
        r.put("cpu_steps", o.cpuSteps());
        r.put("cpu_loop_seconds", cpu.get("loop_seconds"));
        r.put("cpu_atom_steps_per_s", significant(num(cpu, "atom_steps_per_second")));
        r.put("cpu_list_builds", cpu.get("list_builds"));
        r.put("cpu_neigh_modify", "skin " + in.skin() + ", every " + in.update().every() + " delay " + in.update().delay() + " check "
                + (in.update().check() ? "yes" : "no"));
        r.put("ratio", significant(num(dev, "atom_steps_per_second") / num(cpu, "atom_steps_per_second")));
        double ed = num(dev, "total_energy_start"), ec = num(cpu, "total_energy_end");
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("step", meet);
        check.put("device_total_energy", ed);
        check.put("cpu_total_energy", ec);
        check.put("relative_difference", Math.abs(ed - ec) / Math.max(Math.abs(ec), Double.MIN_NORMAL));
        r.put("energy_check", check);
        r.put("temperature_end", dev.get("temperature_end"));
        r.put("energy_drift_per_atom", dev.get("energy_drift_per_atom"));
        double[] s = forces.seconds();
        double median = median(s);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("kernels", forces.kernels());
        k.put("evaluations", s.length);
        k.put("ms_median", significant(median * 1e3));
        k.put("ms_min", significant(Arrays.stream(s).min().orElseThrow() * 1e3));
        k.put("neighbor_entries", forces.neighborEntries());
        k.put("entries_per_atom", round((double) forces.neighborEntries() / n, 3));
        k.put("bytes", forces.bytes());
        k.put("bytes_per_evaluation", forces.totalBytes());
        double effective = forces.totalBytes() / median;
        k.put("effective_gb_s", significant(effective / 1e9));
        r.put("force_kernel", k);
        if (peak.isPresent()) {
            r.put("peak_bandwidth_gb_s", significant(peak.getAsDouble() / 1e9));
            r.put("bandwidth_fraction", significant(effective / peak.getAsDouble()));
        } else {
            r.put("bandwidth_fraction_why", "the device does not report its memory clock and bus width (" + svc.describe().get("device") + ")");
        }
        return r;
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number x)) throw new IllegalStateException("bench.md's run has no number " + key + ": " + m);
        return x.doubleValue();
    }

    private static double sum(double[] x) { return Arrays.stream(x).sum(); }

    private static double median(double[] x) {
        double[] c = x.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    private static double significant(double v) { return Double.parseDouble(String.format(Locale.ROOT, "%.4g", v)); }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private void save(Map<String, Object> res) throws IOException { write(o.out(), res); }

    private static void write(Path file, Map<String, Object> res) throws IOException {
        Path out = file.toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path part = out.resolveSibling(out.getFileName() + ".part");
        Files.writeString(part, Json.write(res, true));
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** On device 0 through JCuda (the GPU machine's check.sh); see the class comment for the options and the exit status. */
    public static void main(String[] args) throws IOException {
        DeviceMdBenchOptions options;
        try {
            options = DeviceMdBenchOptions.parse(args);
        } catch (DeviceMdBenchOptions.BadOption e) {
            System.err.println("DeviceMdBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        MdForceProbe.Opened device = MdForceProbe.openDevice0();
        if (!device.status().equals("ok")) {
            System.out.println("DeviceMdBench: " + device.status() + ": " + device.reason());
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("tool", "md_bench");
            res.put("status", device.status());
            res.put("reason", device.reason());
            res.put("args", options.asMap());
            for (String p : List.of("md", "not_run", "errors")) res.put(p, List.of());
            write(options.out(), res);
            System.exit(device.status().equals("skipped") ? 0 : 1);
            return;
        }
        int status;
        try {
            Map<String, Object> res = new DeviceMdBench(device.service(), options).run();
            status = ((List<?>) res.get("errors")).isEmpty() ? 0 : 1;
        } finally {
            device.close().run();
        }
        System.exit(status);
    }
}
