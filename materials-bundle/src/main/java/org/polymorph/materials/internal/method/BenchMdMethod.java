package org.polymorph.materials.internal.method;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.dynamics.NeighborUpdate;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.Eam;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Benchmarks of NVE molecular dynamics against LAMMPS on the same input (one thread each):
 * {@code bench.md.lj} is LAMMPS's bench/in.lj (fcc at ρ* = 0.8442, T* = 3.0, lj/cut 2.5σ, skin 0.3σ,
 * dt 0.005τ, 20³ cells = 32,000 atoms, 100 steps, {@code neigh_modify delay 0 every 20 check no}),
 * {@code bench.md.sw} diamond Si with Stillinger–Weber (Si.sw, 1000 K, 1 fs, skin 1 Å, 20³ cells =
 * 64,000 atoms, {@code every 1 check yes}), {@code bench.md.eam} LAMMPS's bench/in.eam (fcc Cu, Cu_u3.eam,
 * 1600 K, 5 fs, skin 1 Å, 20³ cells = 32,000 atoms, {@code every 1 delay 5 check yes}). Both programs use the same neighbour-list update policy
 * (neigh_every, neigh_delay, neigh_check; the defaults are the LAMMPS inputs'), so they do the same
 * work; the number of list builds in the timed loop is reported. Reports atom-steps per second of the
 * integration loop (forces, neighbour-list rebuilds and integration; not setup, and after {@code warmup}
 * untimed steps, which include a list build, so that JIT compilation is not timed), the heap held per
 * atom, and with lmp on PATH LAMMPS's loop time (its steps 0..steps, no warm-up) and the ratio
 * ours/LAMMPS. Each program's one-thread run is repeated ({@code repeats}) and the median taken: single
 * runs of either vary by ±10 % on a shared machine. With threads &gt; 1 a second run from the same start times the force loop on row blocks ({@link RowParallel}). When the
 * policy does not check distances, a further one-thread run with the safe policy (every 1, delay 0,
 * check yes: md.run's default) shows what checking costs ({@code polymorph_check}).
 *
 * <p>When the run's TensorService offers {@link MdKernels} (the cuda backend), {@code polymorph} times the
 * device path instead ({@link DeviceNve}: positions on the device, its list rebuilt every step, state read
 * back once at the end of each timed run); the threads and check runs, which time host loops, are skipped.
 * bench.md.eam has no device kernel and is refused there (exit 2).
 */
public final class BenchMdMethod implements Method {
    /**
     * One benchmark input: lattice, cells' basis, element and mass, start temperature, time step, skin,
     * units, the input's neighbour policy, the potential file (a bundle resource, or none) and the
     * LAMMPS lines that set the pair style.
     */
    record Case(String id, String description, String lattice, double a, int basis, String element, double mass, double temperature,
                double dt, double skin, UnitSystem units, int neighEvery, int neighDelay, boolean neighCheck, String file,
                String pairLines, Function<Path, Potential> potential) {
        /** The input's neighbour-list update policy (LAMMPS neigh_modify every, delay, check). */
        NeighborUpdate update() { return new NeighborUpdate(neighEvery, neighDelay, neighCheck); }
    }

    private static final Case LJ = new Case("bench.md.lj",
            "LAMMPS's LJ melt (32,000 atoms, rho* 0.8442, T* 3.0, rc 2.5, NVE): atom-steps/s, bytes/atom, ratio to LAMMPS (1 thread)",
            "fcc", Math.cbrt(4 / 0.8442), 4, "Ar", 1.0, 3.0, 0.005, 0.3, UnitSystem.LJ, 20, 0, false, null,
            "pair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0 2.5", f -> new LjCut(1, 1, 2.5, false));
    private static final Case SW = new Case("bench.md.sw",
            "NVE MD of diamond Si with Stillinger-Weber (64,000 atoms, 1000 K, 1 fs): atom-steps/s, bytes/atom, ratio to LAMMPS (1 thread)",
            "diamond", 5.431, 8, "Si", 28.0855, 1000, 0.001, 1.0, UnitSystem.METAL, 1, 0, true, "Si.sw",
            "pair_style sw\npair_coeff * * Si.sw Si", f -> StillingerWeber.read(f, List.of("Si")));
    private static final Case EAM = new Case("bench.md.eam",
            "LAMMPS's bench/in.eam (32,000 Cu atoms, Cu_u3.eam, 1600 K, 5 fs, NVE): atom-steps/s, bytes/atom, ratio to LAMMPS (1 thread)",
            "fcc", 3.615, 4, "Cu", 63.55, 1600, 0.005, 1.0, UnitSystem.METAL, 1, 5, true, "Cu_u3.eam",
            "pair_style eam\npair_coeff 1 1 Cu_u3.eam", Eam::funcfl);

    private final Case c;
    private final PotentialCatalog potentials;
    private final Supplier<TensorService> tensors;

    private BenchMdMethod(Case c, PotentialCatalog potentials, Supplier<TensorService> tensors) {
        this.c = c;
        this.potentials = potentials;
        this.tensors = tensors;
    }

    /** {@code potentials}: asked whether the style's kernel splits by rows (threads); the host loop only. */
    public static BenchMdMethod lj(PotentialCatalog potentials) { return lj(potentials, () -> null); }

    public static BenchMdMethod sw(PotentialCatalog potentials) { return sw(potentials, () -> null); }

    public static BenchMdMethod eam(PotentialCatalog potentials) { return eam(potentials, () -> null); }

    /** With the run's TensorService ({@code tensors.get()}; null: none), whose MD kernels, when offered, are timed instead of the host loop. */
    public static BenchMdMethod lj(PotentialCatalog potentials, Supplier<TensorService> tensors) { return new BenchMdMethod(LJ, potentials, tensors); }

    public static BenchMdMethod sw(PotentialCatalog potentials, Supplier<TensorService> tensors) { return new BenchMdMethod(SW, potentials, tensors); }

    public static BenchMdMethod eam(PotentialCatalog potentials, Supplier<TensorService> tensors) { return new BenchMdMethod(EAM, potentials, tensors); }

    @Override public String id() { return c.id(); }

    /** The benchmark's input (lattice, potential, temperature, time step, skin, units, neighbour policy). */
    Case input() { return c; }

    /** The input's lattice of cells³ cubic cells: cells³ × basis atoms. */
    Atoms atoms(int cells) { return Lattices.build(c.lattice(), c.a(), new int[] {cells, cells, cells}, c.element(), c.mass()); }

    /** The input's potential; its file (a bundle resource), when it has one, written into {@code folder} first. */
    Potential potential(Path folder) throws IOException {
        Path file = null;
        if (c.file() != null) {
            Files.createDirectories(folder);
            file = Files.write(folder.resolve(c.file()), resource(c.file()));
        }
        return c.potential().apply(file);
    }

    @Override public String description() { return c.description(); }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("cells", 20, "cells", 2, 200, "cubic cells per axis (atoms = cells³ × " + c.basis() + ")"),
                ParamSpec.integer("steps", 100, "steps", 1, 1_000_000, "NVE steps timed"),
                ParamSpec.integer("warmup", 20, "steps", 0, 1_000_000,
                        "untimed steps before each timed run (JIT compilation; 20 includes a list build of neigh_every 20)"),
                ParamSpec.integer("seed", 87287, "", 0, Integer.MAX_VALUE, "seed of the initial velocities"),
                ParamSpec.integer("threads", 2, "threads", 1, 256, "also time the force loop on this many threads (row blocks); 1: one-thread run only"),
                ParamSpec.integer("neigh_every", c.neighEvery(), "steps", 1, 1_000_000,
                        "LAMMPS neigh_modify every (both programs): consider a list rebuild every this many steps"),
                ParamSpec.integer("neigh_delay", c.neighDelay(), "steps", 0, 1_000_000, "LAMMPS neigh_modify delay (both programs): 0 or a multiple of neigh_every"),
                ParamSpec.bool("neigh_check", c.neighCheck(), "LAMMPS neigh_modify check (both programs): rebuild only if an atom moved skin/2"),
                ParamSpec.integer("repeats", 3, "", 1, 100, "timed one-thread runs of each program (from the same start); the median is reported"),
                ParamSpec.bool("lammps", true, "also run lmp (when on PATH) on the same input with one thread"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        int cells = p.getInt("cells");
        int steps = p.getInt("steps");
        double temperature = c.temperature();
        double dt = c.dt();
        double skin = c.skin();
        UnitSystem units = c.units();
        Path file = c.file() == null ? null : extract(dir, c.file());
        long before = heapUsed();
        Atoms atoms = atoms(cells);
        Potential pot = c.potential().apply(file);
        NeighborUpdate update = RunMethod.neighborUpdate(p);
        int warmup = p.getInt("warmup");
        int seed = p.getInt("seed");
        int repeats = p.getInt("repeats");
        TensorService ts = tensors.get();
        Optional<MdKernels> md = DeviceNve.kernels(ts);
        if (md.isPresent() && DeviceNve.unsupported(ts, md.get(), pot, "nve", atoms) != null) {
            if (Backends.requested()) {
                throw BadInputException.forParam("method", id(), "the " + ts.name() + " backend's MD kernels have the styles "
                        + String.join(", ", md.get().styles()) + " only, not " + pot.style(), "run bench.md.lj or bench.md.sw, or " + id() + " on the host (backend=cpu)");
            }
            md = Optional.empty();   // the default backend is a GPU one: this style is timed on the host
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            long heap = k == 0 ? before : heapUsed();
            runs.add(md.isPresent() ? timedOnDevice(ts, md.get(), pot, atoms, dt, units, temperature, warmup, steps, seed, heap, progress, t -> { })
                    : timed(pot, atoms, 1, skin, update, dt, units, temperature, warmup, steps, seed, heap, progress));
        }
        Map<String, Object> ours = median(runs);
        ours.put("heap_bytes_per_atom", runs.get(0).get("heap_bytes_per_atom"));
        double rate = (Double) ours.get("atom_steps_per_second");
        String policy = neighModify(update);
        Result.Builder r = Result.builder().put("natoms", atoms.size()).put("steps", steps).put("units", units == UnitSystem.LJ ? "lj" : "metal")
                .put("neigh_modify", policy).put("polymorph", ours);
        if (md.isPresent()) r.put("backend", ts.name());
        r.summary(String.format(Locale.ROOT, "%s: %d atoms x %d steps in %.3f s = %.4g atom-steps/s (%.1f ns/atom-step), %.0f B/atom held, %d list builds (%s)",
                id(), atoms.size(), steps, ours.get("loop_seconds"), rate, 1e9 / rate, ours.get("heap_bytes_per_atom"), ours.get("list_builds"), policy));
        int threads = p.getInt("threads");
        Double rateThreads = null;
        if (md.isPresent()) {
            r.put("polymorph_threads", "skipped: the " + ts.name() + " backend runs the force loop on the device");
        } else if (threads > 1 && !RowParallel.splits(potentials, pot)) {
            r.put("polymorph_threads", "skipped: the " + pot.style() + " kernel does not split by neighbour-list rows");
        } else if (threads > 1) {
            try (RowParallel par = RowParallel.of(potentials, pot, threads)) {
                Map<String, Object> t = timed(par, atoms, threads, skin, update, dt, units, temperature, warmup, steps, seed, heapUsed(), progress);
                t.remove("heap_bytes_per_atom");
                rateThreads = (Double) t.get("atom_steps_per_second");
                t.put("speedup", rateThreads / rate);
                r.put("polymorph_threads", t);
                r.summary(String.format(Locale.ROOT, "  with %d threads: %.4g atom-steps/s (x%.2f)", threads, rateThreads, rateThreads / rate));
            }
        }
        Double rateChecked = null;
        if (!update.equals(NeighborUpdate.SAFE) && md.isEmpty()) {
            Map<String, Object> c = timed(pot, atoms, 1, skin, NeighborUpdate.SAFE, dt, units, temperature, warmup, steps, seed, heapUsed(), progress);
            c.remove("heap_bytes_per_atom");
            rateChecked = (Double) c.get("atom_steps_per_second");
            r.put("polymorph_check", c);
            r.summary(String.format(Locale.ROOT, "  with every 1 delay 0 check yes (md.run's default): %.4g atom-steps/s, %d list builds",
                    rateChecked, c.get("list_builds")));
        }
        Path lmp = p.getBoolean("lammps") ? LammpsPeer.find() : null;
        if (lmp == null) {
            r.put("lammps", p.getBoolean("lammps") ? "lmp not found on PATH" : "skipped (lammps=false)");
        } else {
            progress.message(id() + ": running LAMMPS (" + lmp + ", 1 thread)");
            Map<String, byte[]> files = file == null ? Map.of() : Map.of(c.file(), Files.readAllBytes(file));
            List<Map<String, Object>> lruns = new ArrayList<>();
            for (int k = 0; k < repeats; k++) {
                progress.checkCancelled(id() + ": LAMMPS run " + (k + 1) + " of " + repeats);
                Path work = dir.resolve(repeats == 1 ? "lammps" : "lammps-" + (k + 1));
                Map<String, Object> one = LammpsPeer.run(lmp, work, script(cells, steps, seed, update), files, 3600);
                lruns.add(one);
                if (!one.containsKey("loop_seconds")) break;
            }
            Map<String, Object> lr = lruns.get(lruns.size() - 1).containsKey("loop_seconds") ? median(lruns) : lruns.get(lruns.size() - 1);
            if (lr.containsKey("loop_seconds")) {
                double lrate = (double) atoms.size() * steps / (Double) lr.get("loop_seconds");
                lr.put("atom_steps_per_second", lrate);
                if (lr.containsKey("memory_mb_per_rank")) lr.put("bytes_per_atom", (Double) lr.get("memory_mb_per_rank") * 1048576 / atoms.size());
                r.put("ratio", rate / lrate);
                if (rateThreads != null) r.put("ratio_threads", rateThreads / lrate);
                if (rateChecked != null) r.put("ratio_check", rateChecked / lrate);
                r.summary(String.format(Locale.ROOT, "LAMMPS %s: %.3f s = %.4g atom-steps/s; ours/LAMMPS = %.3f", lr.getOrDefault("version", ""),
                        lr.get("loop_seconds"), lrate, rate / lrate));
            }
            r.put("lammps", lr);
        }
        Outputs.csv(dir, "bench.csv", "natoms,steps,threads,atom_steps_per_second", rateThreads == null
                ? List.of(new double[] {atoms.size(), steps, 1, rate})
                : List.of(new double[] {atoms.size(), steps, 1, rate}, new double[] {atoms.size(), steps, threads, rateThreads}));
        return r.build();
    }

    /** The run with the median loop time (the lower middle of an even count), with every run's loop time added as loop_seconds_runs. */
    static Map<String, Object> median(List<Map<String, Object>> runs) {
        List<Map<String, Object>> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(m -> (Double) m.get("loop_seconds")));
        Map<String, Object> m = new LinkedHashMap<>(sorted.get((sorted.size() - 1) / 2));
        m.put("loop_seconds_runs", runs.stream().map(r -> r.get("loop_seconds")).toList());
        return m;
    }

    /**
     * NVE from Maxwell–Boltzmann velocities at {@code temperature}: loop time and rate (setup excluded), heap held per atom,
     * the total energy after the warm-up and at the end (total_energy_start, total_energy_end).
     */
    Map<String, Object> timed(Potential pot, Atoms atoms, int threads, double skin, NeighborUpdate update, double dt, UnitSystem units,
                              double temperature, int warmup, int steps, int seed, long heapBefore, Progress progress) {
        PotentialForceField ff = new PotentialForceField(pot, skin, update);
        Integrator nve = Integrators.nve(ff, dt, units);
        progress.message(id() + ": " + atoms.size() + " atoms, " + threads + " thread(s), setting up");
        long tInit = System.nanoTime();
        State s = nve.init(RandomKey.of(seed), atoms, temperature);
        double initSeconds = (System.nanoTime() - tInit) / 1e9;
        long held = heapUsed() - heapBefore;
        for (int k = 0; k < warmup; k++) {
            progress.checkCancelled(id() + ": warm-up step " + k + " of " + warmup);
            s = nve.step(s);
        }
        double e0 = s.totalEnergy();
        double t0 = s.temperature();
        long builds0 = ff.builds();
        long start = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            s = nve.step(s);
            if ((k + 1) % 10 == 0) {
                progress.update(k + 1, steps, String.format(Locale.ROOT, "%d thread(s): T = %.4g", threads, s.temperature()));
                progress.checkCancelled(id() + ": step " + (k + 1) + " of " + steps);
            }
        }
        double loop = (System.nanoTime() - start) / 1e9;
        return timing("threads", threads, warmup, loop, ff.builds() - builds0, atoms.size(), steps, initSeconds, held, t0, e0, s);
    }

    /**
     * One timed run's figures: {@code where} (threads or device) = {@code value}, the loop's seconds and atom-steps/s,
     * the list builds, setup seconds, heap per atom, and temperature and total energy (eV) at the loop's start and end.
     */
    private static Map<String, Object> timing(String where, Object value, int warmup, double loop, long builds, int n, int steps,
                                              double setup, long held, double t0, double e0, State end) {
        double rate = (double) n * steps / loop;
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put(where, value);
        ours.put("warmup_steps", warmup);
        ours.put("loop_seconds", loop);
        ours.put("list_builds", builds);
        ours.put("atom_steps_per_second", rate);
        ours.put("ns_per_atom_step", 1e9 / rate);
        ours.put("setup_seconds", setup);
        ours.put("heap_bytes_per_atom", (double) held / n);
        ours.put("temperature_start", t0);
        ours.put("temperature_end", end.temperature());
        ours.put("energy_drift_per_atom", (end.totalEnergy() - e0) / n);
        ours.put("total_energy_start", e0);
        ours.put("total_energy_end", end.totalEnergy());
        return ours;
    }

    /**
     * The device path's timed run from the same start as {@link #timed}: the step-0 state on the device
     * (setup), warm-up steps, then the timed steps read back once at their end. list_builds counts the
     * device's builds (one per step: it has no skin). {@code afterTimed} gets the trajectory after the timed steps, outside
     * the timed window, before it is closed (a benchmark's probes).
     */
    Map<String, Object> timedOnDevice(TensorService ts, MdKernels md, Potential pot, Atoms atoms, double dt, UnitSystem units, double temperature,
                                      int warmup, int steps, int seed, long heapBefore, Progress progress, Consumer<MdKernels.Trajectory> afterTimed) {
        progress.message(id() + ": " + atoms.size() + " atoms on the " + ts.name() + " device, setting up");
        long tInit = System.nanoTime();
        try (DeviceNve dev = DeviceNve.begin(ts, md, pot, atoms, RandomKey.of(seed), null, temperature, dt, units)) {
            State s0 = dev.state();
            double initSeconds = (System.nanoTime() - tInit) / 1e9;
            long held = heapUsed() - heapBefore;
            State s = warmup > 0 ? dev.advance(warmup) : s0;
            double e0 = s.totalEnergy();
            double t0 = s.temperature();
            long builds0 = dev.neighborBuilds();
            progress.checkCancelled(id() + ": after the warm-up");
            long start = System.nanoTime();
            s = dev.advance(steps);
            double loop = (System.nanoTime() - start) / 1e9;
            Map<String, Object> ours = timing("device", ts.name(), warmup, loop, dev.neighborBuilds() - builds0, atoms.size(), steps, initSeconds, held,
                    t0, e0, s);
            afterTimed.accept(dev.trajectory());
            return ours;
        }
    }

    /** The LAMMPS input of the same run (bench/in.lj, bench/in.eam, or the SW analogue). */
    String script(int cells, int steps, int seed, NeighborUpdate update) {
        String units = c.units() == UnitSystem.LJ ? "lj" : "metal";
        String lattice = c.units() == UnitSystem.LJ ? "lattice fcc 0.8442" : "lattice " + c.lattice() + " " + c.a();
        return String.join("\n", "units " + units, "atom_style atomic", lattice, "region box block 0 " + cells + " 0 " + cells + " 0 " + cells,
                "create_box 1 box", "create_atoms 1 box", "mass 1 " + c.mass(), c.pairLines(),
                "velocity all create " + c.temperature() + " " + seed + " loop geom", "neighbor " + c.skin() + " bin", neighModify(update),
                "fix 1 all nve", "timestep " + c.dt(), "thermo 50", "run " + steps, "");
    }

    private static String neighModify(NeighborUpdate u) {
        return "neigh_modify delay " + u.delay() + " every " + u.every() + " check " + (u.check() ? "yes" : "no");
    }

    /** The bundle's resource potentials/{@code name}, written into the run directory. */
    private static Path extract(RunDirectory dir, String name) throws IOException {
        return dir.writeBytes(name, resource(name));
    }

    /** The bytes of the bundle's resource potentials/{@code name}. */
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BenchMdMethod.class.getResourceAsStream("/potentials/" + name)) {
            if (in == null) throw new IllegalStateException("the bundle lacks its resource potentials/" + name);
            return in.readAllBytes();
        }
    }

    private static long heapUsed() {
        for (int k = 0; k < 3; k++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
