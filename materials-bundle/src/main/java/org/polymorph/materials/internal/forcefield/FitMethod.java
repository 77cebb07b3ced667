package org.polymorph.materials.internal.forcefield;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.polymorph.core.report.Plot;
import java.util.Locale;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.FitResult;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * {@code ff.fit}: fits a LAMMPS three-body potential to property targets by gradients through the
 * property calculations (see {@link Fit}, {@link TargetSpecs} for the target formats). Writes
 * {@code fitted.<style>} (a LAMMPS file), {@code loss.csv}, {@code loss.png} (loss and free-parameter
 * trajectories relative to their start), {@code elastic.png} (target/before/after bars, when there
 * is an elastic target), {@code phonons.png} (start and fitted bands through the target q-points
 * with the target frequencies, when there is a phonon target), {@code vdos.png}/{@code rdf.png} and their CSVs (start, fitted
 * and target curves, when there are MD-based targets; {@link MdReport}) and {@value #CHECKPOINT} every {@code checkpoint_every} steps, at the
 * end and when cancelled; {@code resume=true} continues from that file (a gradient optimizer exactly, its state included;
 * L-BFGS restarts its memory). {@code optimizer=} is {@code lbfgs} or any registered optimizer provider, by name ({@code learned:<file>} for a
 * learned optimizer, which does not use {@code lr}).
 * With {@code sweep=} it runs one fit per weighting of the target groups instead ({@link TradeOff}), each an independent work
 * item ({@link WeightingWork}) on the Distributed service ({@code distributed=}).
 * The result holds the start and final parameters, the per-target values and errors before and
 * after, the zero-pressure diamond lattice constant and the relaxed energies of five phases.
 */
public final class FitMethod implements Method {
    public static final String CHECKPOINT = "checkpoint.bin";
    /**
     * Version of the checkpoint's payload: a JSON object (step, x, the gradient optimizer's state leaves under
     * {@code optimizer_state}, loss and x history; with sweep=, the weightings done). Version 1 held Adam's under {@code adam}.
     */
    static final int PAYLOAD_VERSION = 2;
    private final java.util.function.Supplier<AD> ad;
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final PotentialCatalog potentials;
    /** Runs a sweep's weightings; null: one after another on the run's thread. */
    private final java.util.function.Supplier<Distributed> distributed;

    /**
     * An engine per run, over the TensorService active then; the gradient optimizers {@code optimizers} holds then (besides
     * lbfgs); the styles of {@code potentials} that offer a fitting view; the Distributed service a sweep's weightings run on
     * ({@link WeightingWork}), or null to run them one after another on the run's thread.
     */
    public FitMethod(java.util.function.Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials,
                     java.util.function.Supplier<Distributed> distributed) {
        this.ad = ad;
        this.optimizers = optimizers;
        this.potentials = potentials;
        this.distributed = distributed;
    }

    /** For tests: one fixed engine; a sweep's weightings one after another on the run's thread. */
    public FitMethod(AD ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials) { this(() -> ad, optimizers, potentials, null); }

    /** For tests: one fixed engine, a sweep's weightings on {@code distributed}. */
    public FitMethod(AD ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials, Distributed distributed) {
        this(() -> ad, optimizers, potentials, () -> distributed);
    }

    @Override public String id() { return "ff.fit"; }

    @Override
    public String description() {
        return "fit the parameters of a fittable pair style (" + String.join("/", fittable()) + " now) to elastic constants (GPa), zero pressure, cohesive energy (eV), phonons (THz) and the VDOS/RDF of an MD run by autodiff; fitted LAMMPS file;"
                + " sweep= runs one fit per weighting of the targets (independent work items: local threads or the cluster, distributed=) and writes the trade-off (tradeoff.csv, tradeoff.png)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("style", "sw", fittable(), "LAMMPS pair style of the potential (the fittable styles present now)"),
                ParamSpec.path("potential_file", null, "LAMMPS parameter file holding the starting parameters"),
                ParamSpec.text("element", "Si", "element of the entry to fit (element element element)"),
                ParamSpec.text("free", null, "comma list of free parameters, file names (e.g. A,B,lambda,sigma)"),
                ParamSpec.text("bounds", "", "optional bounds name:lo:hi,... in the file's units"),
                ParamSpec.text("targets", "C11=165.7,C12=63.9,C44=79.6", "JSON file of targets, or inline C11=..,C12=..,C44=..[,a=..,P=..,E=..][,vdos=edip:Si.edip,rdf=..,T=..,md_steps=..]"),
                ParamSpec.choice("optimizer", Fitter.LBFGS, optimizerNames(), "projected L-BFGS, or a registered gradient optimizer (the optimizer providers present now;"
                        + " learned:<file> for a learned optimizer) with x projected onto the bounds after each update"),
                ParamSpec.integer("steps", 50, "steps", 0, 100_000, "optimizer steps in all (a resumed run counts the earlier ones)"),
                ParamSpec.real("lr", 0.01, "", 1e-8, 10, "learning rate of a gradient optimizer, in units of the starting values (lbfgs and learned optimizers do not use it)"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "recorded; the static targets make the fit deterministic"),
                ParamSpec.integer("checkpoint_every", 5, "steps", 1, 1_000_000, "write checkpoint.bin every this many steps (and at the end)"),
                ParamSpec.bool("resume", false, "continue from checkpoint.bin in the run directory (with sweep: skipping the weightings done)"),
                ParamSpec.text("sweep", "", "weight sweep: weightings of the target groups kind:weight separated by '/' (e.g. elastic:1,phonons:0/elastic:1,phonons:3),"
                        + " one fit each from the same start; 0 leaves a group out; writes fitted_<k>.<style>, tradeoff.csv, tradeoff.png"),
                ParamSpec.integer("threads", 1, "threads", 1, 256, "threads of the VDOS/RDF targets' differentiable MD (forces and Hessian products by blocks"
                        + " of neighbour-list rows, for styles that split by rows: sw, tersoff, edip, pair styles; one otherwise); agrees with one thread to"
                        + " rounding; a sweep runs its weightings in parallel instead (distributed=)"),
                Placement.spec());
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        Fit fit;
        try {
            fit = new Fit(p.getString("style"), Path.of(p.getString("potential_file")), p.getString("element"), List.of(p.getString("free").split(",")),
                    TargetSpecs.bounds(p.getString("bounds")), TargetSpecs.parse(p.getString("targets"), potentials), p.getString("optimizer"),
                    p.getInt("steps"), p.getDouble("lr"), p.getInt("seed"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Fitter fitter;
        try {
            fitter = new Fitter(ad.get(), potentials, optimizers, fit, p.getInt("threads"));
        } catch (BadInputException e) {
            throw e;   // names its parameter (optimizer=, a learned-optimizer file)
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (!p.getString("sweep").isBlank()) {
            if (p.getInt("threads") > 1) {
                throw BadInputException.forParam("threads", p.getInt("threads"), "a sweep runs its weightings as parallel work items, each fit on one thread",
                        "drop threads= (or sweep=, to run one fit on several threads)");
            }
            List<Sweep.Weighting> ws;
            try {
                ws = Sweep.parse(p.getString("sweep"), fit.targets());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            return TradeOff.run(ad.get(), potentials, optimizers, fit, ws, this, p, progress, dir, distributed == null ? null : distributed.get());
        }
        Runner.Checkpoint from = fitter.fresh();
        if (p.getBoolean("resume")) from = load(payload(dir, this, p));
        int every = p.getInt("checkpoint_every");
        int steps = fit.steps();
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<Runner.Checkpoint> latest = new java.util.concurrent.atomic.AtomicReference<>(from);
        FitResult r = fitter.run(from, cp -> {
            latest.set(cp);
            progress.update(cp.step(), steps, String.format(Locale.ROOT, "loss %.6g", cp.loss().get(cp.loss().size() - 1)));
            if (cp.step() % every == 0) save(dir, p, cp);
            if (cp.step() < steps) Checkpoint.writeIfCancelled(progress, "step " + cp.step() + " of " + steps, () -> save(dir, p, cp));
        });
        save(dir, p, latest.get());
        FittableStyle style = fitter.objective().style();
        String file = "fitted." + fit.style();
        dir.writeString(file, r.potentialFile());
        dir.writeString("loss.csv", lossCsv(r));
        dir.writeBytes("loss.png", lossChart(r));
        Target.ElasticConstants el = null;
        for (Target t : fit.targets()) if (t instanceof Target.ElasticConstants e) el = e;
        Result.Builder out = Result.builder().put("style", fit.style()).put("free", fit.free()).put("optimizer", fit.optimizer()).put("seed", fit.seed())
                .put("start_parameters", named(r.names(), r.start())).put("final_parameters", named(r.names(), r.fitted()))
                .put("loss_start", r.loss()[0]).put("loss_final", r.loss()[r.loss().length - 1]).put("steps_done", r.loss().length - 1)
                .put("resumed_from", from.step()).put("targets", reports(r)).put("seconds", (System.nanoTime() - t0) / 1e9);
        if (el != null) {
            FitResult.TargetReport rep = r.reports().get(fit.targets().indexOf(el));
            dir.writeBytes("elastic.png", Charts.bars("relaxed-ion elastic constants (GPa)", List.of("C11", "C12", "C44"), List.of("target", "before", "after"),
                    new double[][] {rep.target(), rep.before(), rep.after()}));
        }
        Target.PhononFrequencies phon = null;
        for (Target t : fit.targets()) if (t instanceof Target.PhononFrequencies q) phon = q;
        if (phon != null) dir.writeBytes("phonons.png", DispersionReport.png(ad.get(), style, fit.element(), phon, r.start(), r.fitted()));
        List<String> mdFiles = new ArrayList<>();
        if (MdReport.any(fit.targets())) out.put("md_l2", MdReport.write(dir, fitter.objective(), fit.targets(), r, mdFiles));
        Map<String, Phases.Minimum> phases = Phases.relaxAll(style.potential(r.fitted()), fit.element(), Elements.mass(fit.element()));
        Map<String, Object> ph = new LinkedHashMap<>();
        for (Phases.Minimum m : phases.values()) ph.put(m.structure(), Map.of("a_A", m.latticeConstant(), "volume_A3_per_atom", m.volumePerAtom(), "energy_eV_per_atom", m.energyPerAtom()));
        String lowest = phases.values().stream().min((a, b) -> Double.compare(a.energyPerAtom(), b.energyPerAtom())).orElseThrow().structure();
        out.put("zero_pressure_a_diamond_A", phases.get("diamond").latticeConstant()).put("phases", ph).put("lowest_energy_phase", lowest)
                .put("files", filesOf(List.of(file, "loss.csv", "loss.png", el != null ? "elastic.png" : "", phon != null ? "phonons.png" : "", CHECKPOINT), mdFiles));
        out.summary(String.format(Locale.ROOT, "loss %.4g -> %.4g in %d steps; fitted file %s", r.loss()[0], r.loss()[r.loss().length - 1], r.loss().length - 1, dir.resolve(file)));
        for (FitResult.TargetReport t : r.reports()) {
            out.summary(t.kind() + ": target " + fmt(t.target()) + ", before " + fmt(t.before()) + ", after " + fmt(t.after()));
        }
        out.summary(String.format(Locale.ROOT, "zero-pressure diamond a = %.5f Å; lowest-energy phase: %s", phases.get("diamond").latticeConstant(), lowest));
        return out.build();
    }

    private List<String> fittable() { return potentials.styles(s -> s.fittable().isPresent()); }

    /** lbfgs, then the registered optimizers' names. */
    private List<String> optimizerNames() {
        List<String> names = new ArrayList<>(List.of(Fitter.LBFGS));
        for (String n : OptimizerChoice.choices(optimizers)) if (!names.contains(n)) names.add(n);
        return names;
    }

    private static List<String> filesOf(List<String> files, List<String> more) {
        List<String> all = new ArrayList<>(files);
        all.addAll(more);
        return all;
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < v.length; k++) b.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", v[k]));
        return b.append(']').toString();
    }

    private static Map<String, Object> named(List<String> names, double[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < v.length; k++) m.put(names.get(k), v[k]);
        return m;
    }

    private static List<Object> reports(FitResult r) {
        List<Object> out = new ArrayList<>();
        for (FitResult.TargetReport t : r.reports()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", t.kind());
            m.put("labels", t.labels());
            m.put("weight", t.weight());
            m.put("target", toList(t.target()));
            m.put("before", toList(t.before()));
            m.put("after", toList(t.after()));
            m.put("relative_error_before", toList(t.relativeErrors(false)));
            m.put("relative_error_after", toList(t.relativeErrors(true)));
            out.add(m);
        }
        return out;
    }

    private static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) l.add(d);
        return l;
    }

    private static String lossCsv(FitResult r) {
        StringBuilder b = new StringBuilder("step,loss");
        for (String n : r.free()) b.append(',').append(n);
        b.append('\n');
        for (int k = 0; k < r.loss().length; k++) {
            b.append(k).append(',').append(r.loss()[k]);
            for (String n : r.free()) b.append(',').append(r.trajectory()[k][r.names().indexOf(n)]);
            b.append('\n');
        }
        return b.toString();
    }

    private static byte[] lossChart(FitResult r) throws java.io.IOException {
        double[] steps = new double[r.loss().length];
        for (int k = 0; k < steps.length; k++) steps[k] = k;
        Plot.Panel loss = new Plot.Panel("loss", "step", "loss").logY().add("loss", steps, r.loss());
        Plot.Panel params = new Plot.Panel("free parameters / start value", "step", "ratio");
        double[] at = new double[r.trajectory().length];
        for (int k = 0; k < at.length; k++) at[k] = k;
        for (String n : r.free()) {
            int i = r.names().indexOf(n);
            double[] y = new double[r.trajectory().length];
            for (int k = 0; k < y.length; k++) y[k] = r.start()[i] == 0 ? r.trajectory()[k][i] : r.trajectory()[k][i] / r.start()[i];
            params.add(n, at, y);
        }
        return Plot.png(List.of(loss, params));
    }

    /** Writes the checkpoint of a single fit at {@code cp}. */
    private void save(RunDirectory dir, Params p, Runner.Checkpoint cp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", cp.step());
        m.put("x", toList(cp.x()));
        if (cp.optimizerState() != null) {
            List<Object> l = new ArrayList<>();
            for (double[] leaf : cp.optimizerState()) l.add(toList(leaf));
            m.put("optimizer_state", l);
        }
        m.put("loss", cp.loss());
        List<Object> t = new ArrayList<>();
        for (double[] x : cp.trajectory()) t.add(toList(x));
        m.put("trajectory", t);
        write(dir, this, p, m);
    }

    /** Writes {@code payload} as ff.fit's checkpoint (the core header, then the payload as JSON). */
    static void write(RunDirectory dir, Method method, Params p, Map<String, Object> payload) {
        try {
            Checkpoint.write(dir, CHECKPOINT, method, p, PAYLOAD_VERSION, Json.write(payload, false).getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + CHECKPOINT, e);
        }
    }

    /** The JSON payload of the earlier run's checkpoint, whose parameters must satisfy the resume rule. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(RunDirectory dir, Method method, Params p) {
        Checkpoint c = Checkpoint.resume(dir, CHECKPOINT, method, p);
        if (c.payloadVersion() != PAYLOAD_VERSION) {
            throw BadInputException.forParam("resume", true, dir.resolve(CHECKPOINT) + " has payload version " + c.payloadVersion()
                    + " and this build reads " + PAYLOAD_VERSION, "start a new run directory");
        }
        return (Map<String, Object>) Json.parse(new String(c.payload(), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Runner.Checkpoint load(Map<String, Object> m) {
        double[][] state = null;
        if (m.get("optimizer_state") instanceof List<?> l) {
            state = new double[l.size()][];
            for (int i = 0; i < state.length; i++) state[i] = Json.doubles(l.get(i));
        }
        List<double[]> traj = new ArrayList<>();
        for (Object o : (List<Object>) m.get("trajectory")) traj.add(Json.doubles(o));
        List<Double> loss = new ArrayList<>();
        for (Object o : (List<Object>) m.get("loss")) loss.add(((Number) o).doubleValue());
        int step = ((Number) m.get("step")).intValue();
        return new Runner.Checkpoint(step, Json.doubles(m.get("x")), state, loss.subList(0, Math.min(step, loss.size())), traj.subList(0, Math.min(step, traj.size())));
    }
}
