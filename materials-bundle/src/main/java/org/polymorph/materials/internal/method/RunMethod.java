package org.polymorph.materials.internal.method;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.polymorph.core.report.Plot;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.internal.dynamics.Langevin;
import org.polymorph.materials.dynamics.NeighborUpdate;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.io.FrameWriter;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.structure.Atoms;

/**
 * md.run: molecular dynamics in LAMMPS metal units (Å, eV, ps, amu, K, GPa) with NVE velocity
 * Verlet, Langevin BAOAB, Nosé–Hoover chains or MTK NPT; velocities start Maxwell–Boltzmann at
 * {@code temperature} from {@code seed}; the target ramps linearly to {@code temperature_end}. The
 * Langevin bath keeps the total momentum zero unless {@code langevin_momentum} says otherwise.
 * Appends {@code thermo.csv} rows every {@code thermo_every} steps and {@code trajectory.extxyz}
 * frames (positions, velocities, forces) every {@code dump_every}; writes {@value MdCheckpoint#FILE}
 * every {@code checkpoint_every} steps, at the end and when cancelled; {@code resume=true} continues from
 * it (cutting the appended files back to the checkpoint's step) and reproduces an uninterrupted run
 * exactly. Only the core deny-list ({@link org.polymorph.core.run.ResumeRule#MAY_CHANGE}: steps,
 * checkpoint_every, threads, ...) may change on resume.
 *
 * <p>When the run's TensorService offers {@link MdKernels} (the cuda backend), the run takes the device
 * path ({@link DeviceNve}): NVE of lj/cut or sw in a periodic cell, positions kept on the device, the state
 * read back only at the steps that write a thermo row, a frame or a checkpoint; the same files and result
 * keys. Other ensembles, styles or cells are refused there (exit 2) with the fix.
 */
public final class RunMethod implements Method {
    private final PotentialCatalog potentials;
    private final Supplier<TensorService> tensors;

    /** {@code potentials}: the pair styles that {@code potential=} names; the host path only. */
    public RunMethod(PotentialCatalog potentials) { this(potentials, () -> null); }

    /** With the run's TensorService ({@code tensors.get()} during a run; null: the host path), whose MD kernels take the device path. */
    public RunMethod(PotentialCatalog potentials, Supplier<TensorService> tensors) {
        this.potentials = potentials;
        this.tensors = tensors;
    }

    static final List<String> ENSEMBLES = List.of("nve", "nvt-langevin", "nvt-nhc", "npt");
    static final String THERMO_HEADER = "step,time_ps,temperature_K,potential_eV,kinetic_eV,total_eV,conserved_eV,pressure_GPa,volume_A3";

    @Override public String id() { return "md.run"; }

    @Override public String description() {
        return "molecular dynamics (nve, nvt-langevin, nvt-nhc, npt) in metal units; final T (K), energies (eV), P (GPa); "
                + "thermo.csv/png, trajectory.extxyz, final.extxyz, checkpoint.bin (resume=true); stops with exit 1 when a run blows up (see dt)";
    }

    @Override public List<ParamSpec> params() { return Structures.join(Structures.structureParams(), Structures.potentialParams(potentials), own()); }

    static List<ParamSpec> own() {
        return List.of(
                ParamSpec.choice("ensemble", "nve", ENSEMBLES, "integrator: velocity Verlet, Langevin BAOAB, Nosé–Hoover chain, MTK NPT"),
                ParamSpec.choice("couple", "iso", List.of("iso", "aniso", "tri"),
                        "npt cell: iso scales it uniformly, aniso moves the three lengths independently, tri all six components (LAMMPS's keywords)"),
                ParamSpec.real("temperature", 300.0, "K", 0, 1e5, "initial (Maxwell–Boltzmann, seed) and target temperature; every T is 2 KE / (dof k_B) "
                        + "with dof = 3N - 3 where the total momentum is conserved or removed (nve, nvt-nhc, npt; LAMMPS's compute temp), "
                        + "3N where a bath changes it (Langevin without momentum removal)"),
                ParamSpec.choice("velocities", "maxwell", List.of("maxwell", "file"),
                        "initial velocities: Maxwell–Boltzmann at temperature, or the vel column (Å/ps) of an extxyz structure= (e.g. final.extxyz)"),
                ParamSpec.real("temperature_end", -1.0, "K", -1, 1e5, "target at the last step (linear ramp); -1: same as temperature"),
                ParamSpec.real("pressure", 0.0, "GPa", -1e4, 1e4, "target pressure of npt (hydrostatic; shear target 0)"),
                ParamSpec.text("pressure_end", "", "npt target at the last step in GPa (linear ramp); empty: same as pressure"),
                ParamSpec.real("dt", 1.0, "fs", 1e-4, 100, "time step; a run that blows up stops with exit 1 naming the step, the atom and a smaller dt: "
                        + "a non-finite value, a move over skin/2 (no skin: a tenth of the cell) in one step, T over 100 x max(T, 1e4 K), an npt cell "
                        + "that doubles or halves in one step, or (nve, and every ensemble whose targets do not ramp) a drift of the conserved energy "
                        + "over max(1 eV, 10 k_B T) per atom"),
                ParamSpec.integer("steps", 1000, "steps", 0, 1_000_000_000L, "number of steps (the total, counting resumed ones)"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of the initial velocities and the Langevin noise"),
                ParamSpec.real("tau_t", 0.1, "ps", 1e-5, 1e6, "thermostat time constant (Langevin friction 1/tau_t)"),
                ParamSpec.choice("langevin_momentum", Langevin.Momentum.FIXCM.keyword(), Langevin.Momentum.keywords(),
                        "nvt-langevin's total momentum: fixcm keeps it zero and the centre of mass still (ASE's fixcm), zero makes the random "
                        + "forces sum to zero each step (LAMMPS's zero yes; friction damps any momentum left), none gives each atom its own "
                        + "bath (the centre of mass diffuses); T counts 3N-3 degrees of freedom for fixcm and zero, 3N for none"),
                ParamSpec.real("tau_p", 1.0, "ps", 1e-5, 1e6, "barostat time constant of npt"),
                ParamSpec.real("skin", 1.0, "Å", 0, 10, "neighbour-list skin (rebuilt when an atom moved skin/2)"),
                ParamSpec.integer("neigh_every", 1, "steps", 1, 1_000_000, "LAMMPS neigh_modify every: consider a rebuild every this many steps"),
                ParamSpec.integer("neigh_delay", 0, "steps", 0, 1_000_000,
                        "LAMMPS neigh_modify delay: no rebuild until this many steps after the last (0 or a multiple of neigh_every)"),
                ParamSpec.bool("neigh_check", true, "LAMMPS neigh_modify check: rebuild only if an atom moved skin/2 (false: at every consideration; "
                        + "pairs may then be missed if the skin is too small)"),
                ParamSpec.integer("threads", 1, "threads", 1, 256, "threads of the force loop (pair styles, sw, tersoff, edip; not eam)"),
                ParamSpec.integer("thermo_every", 10, "steps", 1, 1_000_000_000L, "append a thermo.csv row every this many steps"),
                ParamSpec.integer("dump_every", 100, "steps", 1, 1_000_000_000L, "append a trajectory.extxyz frame every this many steps"),
                ParamSpec.integer("checkpoint_every", 1000, "steps", 1, 1_000_000_000L, "write checkpoint.bin every this many steps (and at the end)"),
                ParamSpec.bool("resume", false, "continue from checkpoint.bin in the run directory (--out of the earlier run)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Atoms atoms = Structures.load(p);
        Potential pot = Structures.potential(potentials, p, atoms);
        if (p.getString("ensemble").equals("npt") && !(atoms.box().allPeriodic())) {
            throw BadInputException.forParam("ensemble", "npt", "the structure's cell is not periodic on all axes", "use nve or nvt-* for a cluster");
        }
        TensorService ts = tensors.get();
        Optional<MdKernels> md = DeviceNve.kernels(ts);
        if (md.isPresent()) {
            BadInputException why = DeviceNve.unsupported(ts, md.get(), pot, p.getString("ensemble"), atoms);
            if (why == null) return runOnDevice(p, progress, dir, atoms, pot, ts, md.get(), t0);
            // asked for with backend=: refused; the default backend: this run takes the host path below
            if (Backends.requested()) throw why;
        }
        int threads = p.getInt("threads");
        if (threads > 1 && !RowParallel.splits(potentials, pot)) {
            throw BadInputException.forParam("threads", threads, "the " + pot.style() + " kernel does not split by neighbour-list rows",
                    "use threads=1 with " + pot.style() + " (threads work with " + String.join(", ", potentials.styles(PotentialProvider::rowDecomposable)) + ")");
        }
        RowParallel parallel = threads > 1 ? RowParallel.of(potentials, pot, threads) : null;
        try {
            return run(p, progress, dir, atoms, parallel == null ? pot : parallel, t0);
        } finally {
            if (parallel != null) parallel.close();
        }
    }

    private Result run(Params p, Progress progress, RunDirectory dir, Atoms atoms, Potential pot, long t0) throws Exception {
        long steps = p.getInt("steps");
        PotentialForceField ff = new PotentialForceField(pot, p.getDouble("skin"), neighborUpdate(p));
        Checkpoint earlier = p.getBoolean("resume") ? Checkpoint.resume(dir, MdCheckpoint.FILE, this, p) : null;
        Integrator integ = integrator(p, ff, steps, langevinMomentum(p, earlier));
        Path traj = dir.resolve("trajectory.extxyz");
        Path thermo = dir.resolve("thermo.csv");
        State s;
        long resumedFrom = -1;
        if (earlier != null) {
            MdCheckpoint c = load(dir, earlier);
            s = c.state();
            resumedFrom = s.step();
            if (c.listBuiltAt() >= 0) ff.adopt(s.neighbors(), c.listBuiltAt());
            if (steps < resumedFrom) {
                throw BadInputException.forParam("steps", steps, "the checkpoint is already at step " + resumedFrom, "give steps >= " + resumedFrom);
            }
            truncate(traj, c.trajectoryBytes());
            truncate(thermo, c.thermoBytes());
            progress.message("resuming md.run at step " + resumedFrom);
        } else {
            Files.deleteIfExists(traj);
            Files.writeString(thermo, THERMO_HEADER + "\n", StandardCharsets.UTF_8);
            s = p.getString("velocities").equals("file") ? integ.init(RandomKey.of(p.getInt("seed")), atoms, Structures.velocities(p))
                    : integ.init(RandomKey.of(p.getInt("seed")), atoms, p.getDouble("temperature"));
        }
        long thermoEvery = p.getInt("thermo_every");
        long dumpEvery = p.getInt("dump_every");
        long ckptEvery = p.getInt("checkpoint_every");
        double e0 = s.conservedEnergy();
        long startStep = s.step();
        double tEnd = p.getDouble("temperature_end");
        BlowupCheck guard = new BlowupCheck(atoms, p.getDouble("skin"), Math.max(s.temperature(), Math.max(p.getDouble("temperature"), tEnd)),
                p.getDouble("dt"), UnitSystem.METAL, s, conserves(p));
        long tLoop = System.nanoTime();
        try (BufferedWriter tw = Files.newBufferedWriter(thermo, StandardOpenOption.APPEND);
             BufferedWriter xw = Files.newBufferedWriter(traj, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             FrameWriter frames = StructureFiles.xyzWriter(xw)) {
            if (resumedFrom < 0) observe(s, tw, frames, true, true);
            while (s.step() < steps) {
                State before = s;
                s = guard.advance(integ, s);
                long k = s.step();
                observe(s, tw, frames, k % thermoEvery == 0, k % dumpEvery == 0);
                guard.check(before, s);
                if (k % thermoEvery == 0) {
                    progress.update(k, steps, String.format(Locale.ROOT, "T = %.1f K, E = %.6g eV", s.temperature(), s.totalEnergy()));
                }
                State now = s;
                Checkpoint.Save save = () -> {
                    tw.flush();
                    xw.flush();
                    checkpoint(dir, p, now, traj, thermo, ff);
                };
                if (k % ckptEvery == 0 || k == steps) save.save();
                if (k < steps) Checkpoint.writeIfCancelled(progress, "step " + k + " of " + steps, save);
            }
            if (s.step() == startStep) checkpoint(dir, p, s, traj, thermo, ff);
        }
        double loop = (System.nanoTime() - tLoop) / 1e9;
        Outputs.extxyz(dir, "final.extxyz", List.of(Outputs.frame(s.atoms(), s.velocities(), s.evaluation(), Map.of("step", String.valueOf(s.step())))));
        thermoPlot(dir, thermo);
        return result(s, atoms.size(), e0, resumedFrom, s.step() - startStep, loop, (System.nanoTime() - t0) / 1e9).build();
    }

    /** thermo.png: temperature and energies against time, from thermo.csv. */
    private static void thermoPlot(RunDirectory dir, Path thermo) throws IOException {
        List<String> lines = Files.readAllLines(thermo, StandardCharsets.UTF_8);
        int n = lines.size() - 1;
        if (n < 2) return;
        double[][] c = new double[9][n];
        for (int k = 0; k < n; k++) {
            String[] f = lines.get(k + 1).split(",");
            for (int j = 0; j < 9 && j < f.length; j++) c[j][k] = Double.parseDouble(f[j]);
        }
        dir.writeBytes("thermo.png", Plot.png(thermoPanels(c)));
    }

    /**
     * thermo.png's panels from thermo.csv's columns {@code c} [9][rows]: temperature and energies against time;
     * with a volume that changes (NPT), pressure and volume too.
     */
    static List<Plot.Panel> thermoPanels(double[][] c) {
        List<Plot.Panel> panels = new java.util.ArrayList<>(List.of(
                new Plot.Panel("temperature", "time (ps)", "T (K)").add("T", c[1], c[2]),
                new Plot.Panel("energies", "time (ps)", "E (eV)").add("potential", c[1], c[3]).add("total", c[1], c[5]).add("conserved", c[1], c[6])));
        double vMin = Double.MAX_VALUE, vMax = -Double.MAX_VALUE;
        for (double v : c[8]) { vMin = Math.min(vMin, v); vMax = Math.max(vMax, v); }
        if (vMax > vMin) {
            panels.add(new Plot.Panel("pressure", "time (ps)", "P (GPa)").add("P", c[1], c[7]));
            panels.add(new Plot.Panel("volume", "time (ps)", "V (Å³)").add("V", c[1], c[8]));
        }
        return panels;
    }

    /** neigh_every / neigh_delay / neigh_check as a policy; a delay that is not a multiple of every is a bad neigh_delay. */
    static NeighborUpdate neighborUpdate(Params p) {
        int every = p.getInt("neigh_every");
        int delay = p.getInt("neigh_delay");
        if (delay % every != 0) {
            throw BadInputException.forParam("neigh_delay", delay, "it is not a multiple of neigh_every = " + every,
                    "give neigh_delay=0 or a multiple of neigh_every (LAMMPS's neigh_modify rule)");
        }
        return new NeighborUpdate(every, delay, p.getBoolean("neigh_check"));
    }

    /**
     * nvt-langevin's momentum rule: {@code langevin_momentum}, except when resuming a run made before that parameter
     * existed, whose bath acted on each atom alone (none) and goes on doing so, so that the run continues bit for bit.
     */
    private static Langevin.Momentum langevinMomentum(Params p, Checkpoint earlier) {
        if (earlier != null && !earlier.params().containsKey("langevin_momentum")) return Langevin.Momentum.NONE;
        return Langevin.Momentum.of(p.getString("langevin_momentum"));
    }

    private static Integrator integrator(Params p, ForceField ff, long steps, Langevin.Momentum momentum) {
        double dt = p.getDouble("dt") / 1000;
        double t = p.getDouble("temperature");
        double tEnd = p.getDouble("temperature_end") < 0 ? t : p.getDouble("temperature_end");
        Ramp temp = Ramp.linear(t, tEnd, steps);
        String e = p.getString("ensemble");
        if (!e.equals("nve") && !(t > 0 && tEnd > 0)) {
            throw BadInputException.forParam("temperature", t, e + " needs target temperatures > 0 (temperature_end " + tEnd + ")", "give temperature > 0");
        }
        String given = p.getString("langevin_momentum");
        if (!e.equals("nvt-langevin") && !given.equals(Langevin.Momentum.FIXCM.keyword())) {
            throw BadInputException.forParam("langevin_momentum", given, "it applies to ensemble=nvt-langevin only, not " + e,
                    "leave langevin_momentum out or give ensemble=nvt-langevin");
        }
        UnitSystem u = UnitSystem.METAL;
        switch (e) {
            case "nve": return Integrators.nve(ff, dt, u);
            case "nvt-langevin": return Integrators.langevin(ff, dt, temp, 1 / p.getDouble("tau_t"), momentum, u);
            case "nvt-nhc": return Integrators.noseHoover(ff, dt, temp, p.getDouble("tau_t"), u);
            case "npt": {
                double p0 = p.getDouble("pressure");
                double p1 = pressureEnd(p.getString("pressure_end"), p0);
                Ramp pressure = Ramp.linear(p0, p1, steps);
                String couple = p.getString("couple");
                return couple.equals("iso") ? Integrators.nptMtk(ff, dt, temp, p.getDouble("tau_t"), pressure, p.getDouble("tau_p"), u)
                        : Integrators.nptMtkCell(ff, dt, temp, p.getDouble("tau_t"), pressure, p.getDouble("tau_p"), couple.equals("tri"), u);
            }
            default: throw new IllegalStateException(e);
        }
    }

    /** Whether the ensemble keeps KE + PE + reservoir constant: NVE, or thermostat and barostat targets that do not ramp. */
    private static boolean conserves(Params p) {
        double t = p.getDouble("temperature");
        double tEnd = p.getDouble("temperature_end");
        boolean fixedT = tEnd < 0 || tEnd == t;
        boolean fixedP = pressureEnd(p.getString("pressure_end"), p.getDouble("pressure")) == p.getDouble("pressure");
        return p.getString("ensemble").equals("nve") || fixedT && fixedP;
    }

    private static double pressureEnd(String raw, double start) {
        if (raw.isBlank()) return start;
        try {
            double v = Double.parseDouble(raw.trim());
            if (Double.isFinite(v) && Math.abs(v) <= 1e4) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw BadInputException.forParam("pressure_end", raw, "not a pressure in GPa within [-1e4, 1e4]", "give a number such as 0 or 2.5, or leave it empty");
    }

    private static void observe(State s, BufferedWriter thermo, FrameWriter frames, boolean row, boolean frame) throws IOException {
        if (row) {
            double pressure = s.atoms().box().anyPeriodic() ? s.pressure() : Double.NaN;
            double volume = s.atoms().box().anyPeriodic() ? s.atoms().box().volume() : Double.NaN;
            thermo.write(Outputs.line(new double[] {s.step(), s.time(), s.temperature(), s.potentialEnergy(), s.kineticEnergy(),
                    s.totalEnergy(), s.conservedEnergy(), pressure, volume}));
            thermo.write('\n');
            thermo.flush();
        }
        if (frame) {
            Map<String, String> info = new LinkedHashMap<>();
            info.put("step", String.valueOf(s.step()));
            info.put("time", String.valueOf(s.time()));
            frames.write(Outputs.frame(s.atoms(), s.velocities(), s.evaluation(), info));
        }
    }

    private void checkpoint(RunDirectory dir, Params p, State s, Path traj, Path thermo, PotentialForceField ff) throws IOException {
        checkpoint(dir, p, s, traj, thermo, ff.builtAt(s.neighbors()));
    }

    private void checkpoint(RunDirectory dir, Params p, State s, Path traj, Path thermo, long listBuiltAt) throws IOException {
        long tb = Files.exists(traj) ? Files.size(traj) : 0;
        Checkpoint.write(dir, MdCheckpoint.FILE, this, p, MdCheckpoint.VERSION, new MdCheckpoint(s, tb, Files.size(thermo), listBuiltAt).toBytes());
    }

    /**
     * The device path: the loop of the host path, but the device makes the steps between two observed ones (a
     * thermo row, a frame, a checkpoint, the end) and the state is read back only there. The checks of
     * {@link BlowupCheck} run on those states; non-finite values are caught on the device every step.
     */
    private Result runOnDevice(Params p, Progress progress, RunDirectory dir, Atoms atoms, Potential pot, TensorService ts, MdKernels md, long t0)
            throws Exception {
        long steps = p.getInt("steps");
        double dt = p.getDouble("dt") / 1000;
        integrator(p, new PotentialForceField(pot, p.getDouble("skin"), neighborUpdate(p)), steps, Langevin.Momentum.FIXCM); // the host path's parameter checks
        Checkpoint earlier = p.getBoolean("resume") ? Checkpoint.resume(dir, MdCheckpoint.FILE, this, p) : null;
        Path traj = dir.resolve("trajectory.extxyz");
        Path thermo = dir.resolve("thermo.csv");
        long resumedFrom = -1;
        DeviceNve dev;
        if (earlier != null) {
            MdCheckpoint mc = load(dir, earlier);
            State c = mc.state();
            resumedFrom = c.step();
            if (steps < resumedFrom) {
                throw BadInputException.forParam("steps", steps, "the checkpoint is already at step " + resumedFrom, "give steps >= " + resumedFrom);
            }
            truncate(traj, mc.trajectoryBytes());
            truncate(thermo, mc.thermoBytes());
            progress.message("resuming md.run at step " + resumedFrom + " on the " + ts.name() + " device");
            dev = DeviceNve.resume(ts, md, pot, c, dt);
        } else {
            Files.deleteIfExists(traj);
            Files.writeString(thermo, THERMO_HEADER + "\n", StandardCharsets.UTF_8);
            dev = DeviceNve.begin(ts, md, pot, atoms, RandomKey.of(p.getInt("seed")), p.getString("velocities").equals("file") ? Structures.velocities(p) : null,
                    p.getDouble("temperature"), dt, UnitSystem.METAL);
        }
        long thermoEvery = p.getInt("thermo_every");
        long dumpEvery = p.getInt("dump_every");
        long ckptEvery = p.getInt("checkpoint_every");
        double skin = p.getDouble("skin");
        State s;
        long startStep;
        double e0;
        long tLoop;
        try (dev;
             BufferedWriter tw = Files.newBufferedWriter(thermo, StandardOpenOption.APPEND);
             BufferedWriter xw = Files.newBufferedWriter(traj, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             FrameWriter frames = StructureFiles.xyzWriter(xw)) {
            s = dev.state();
            e0 = s.conservedEnergy();
            startStep = s.step();
            double tEnd = p.getDouble("temperature_end");
            BlowupCheck guard = new BlowupCheck(atoms, skin, Math.max(s.temperature(), Math.max(p.getDouble("temperature"), tEnd)),
                    p.getDouble("dt"), UnitSystem.METAL, s, conserves(p));
            tLoop = System.nanoTime();
            if (resumedFrom < 0) observe(s, tw, frames, true, true);
            while (s.step() < steps) {
                long k0 = s.step();
                long next = Math.min(steps, Math.min(nextMultiple(k0, thermoEvery), Math.min(nextMultiple(k0, dumpEvery), nextMultiple(k0, ckptEvery))));
                State before = s;
                s = guard.advance(() -> dev.advance((int) (next - k0)), before);
                long k = s.step();
                observe(s, tw, frames, k % thermoEvery == 0, k % dumpEvery == 0);
                guard.checkEnergies(s);
                if (k % thermoEvery == 0) {
                    progress.update(k, steps, String.format(Locale.ROOT, "T = %.1f K, E = %.6g eV", s.temperature(), s.totalEnergy()));
                }
                State now = s;
                Checkpoint.Save save = () -> {
                    tw.flush();
                    xw.flush();
                    checkpoint(dir, p, dev.withHostList(now, skin), traj, thermo, -1);
                };
                if (k % ckptEvery == 0 || k == steps) save.save();
                if (k < steps) Checkpoint.writeIfCancelled(progress, "step " + k + " of " + steps, save);
            }
            if (s.step() == startStep) checkpoint(dir, p, dev.withHostList(s, skin), traj, thermo, -1);
        }
        double loop = (System.nanoTime() - tLoop) / 1e9;
        Outputs.extxyz(dir, "final.extxyz", List.of(Outputs.frame(s.atoms(), s.velocities(), s.evaluation(), Map.of("step", String.valueOf(s.step())))));
        thermoPlot(dir, thermo);
        return result(s, atoms.size(), e0, resumedFrom, s.step() - startStep, loop, (System.nanoTime() - t0) / 1e9).put("backend", ts.name()).build();
    }

    /** The smallest multiple of {@code every} above {@code k}. */
    private static long nextMultiple(long k, long every) { return (k / every + 1) * every; }

    /** The state in {@code c}, the checkpoint of the earlier run in {@code dir} (its parameters checked by {@link Checkpoint#resume}). */
    private static MdCheckpoint load(RunDirectory dir, Checkpoint c) {
        try {
            return MdCheckpoint.fromBytes(c.payloadVersion(), c.payload());
        } catch (IOException | RuntimeException e) {
            throw BadInputException.forParam("resume", true, dir.resolve(MdCheckpoint.FILE) + " is unreadable (" + e.getMessage() + ")",
                    "start a new run without resume");
        }
    }

    private static void truncate(Path file, long bytes) throws IOException {
        if (!Files.exists(file)) {
            if (bytes > 0) throw new BadInputException("resume: " + file + " is missing but the checkpoint expects " + bytes + " bytes; start a new run");
            Files.createFile(file);
            return;
        }
        if (Files.size(file) < bytes) {
            throw new BadInputException("resume: " + file + " is shorter than at the checkpoint (" + Files.size(file) + " < " + bytes + " bytes); start a new run");
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
    }

    private static Result.Builder result(State s, int n, double e0, long resumedFrom, long done, double loopSeconds, double seconds) {
        boolean periodic = s.atoms().box().anyPeriodic();
        Result.Builder r = Result.builder().put("natoms", n).put("steps", s.step()).put("time_ps", s.time())
                .put("temperature", s.temperature()).put("potential_energy", s.potentialEnergy()).put("kinetic_energy", s.kineticEnergy())
                .put("total_energy", s.totalEnergy()).put("conserved_energy", s.conservedEnergy())
                .put("conserved_drift_per_atom", (s.conservedEnergy() - e0) / n);
        if (periodic) r.put("pressure", s.pressure()).put("volume", s.atoms().box().volume());
        if (resumedFrom >= 0) r.put("resumed_from", resumedFrom);
        r.put("atom_steps_per_second", done > 0 ? n * done / loopSeconds : 0.0).put("seconds", seconds)
                .put("files", List.of("thermo.csv", "thermo.png", "trajectory.extxyz", "final.extxyz", MdCheckpoint.FILE));
        r.summary(String.format(Locale.ROOT, "%d atoms, step %d (%.4g ps): T = %.2f K, PE = %.8g eV, E = %.8g eV%s", n, s.step(), s.time(),
                s.temperature(), s.potentialEnergy(), s.totalEnergy(), periodic ? String.format(Locale.ROOT, ", P = %.5g GPa", s.pressure()) : ""));
        return r;
    }
}
