package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.internal.mlpotential.ForceMatching;
import org.polymorph.materials.internal.mlpotential.RdfMatching;
import org.polymorph.materials.internal.mlpotential.TrainingSet;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * ff.mlp: the experiment of arXiv:2409.13844 (issue 6 item 4) as a Method. A Behler–Parrinello network ({@code nn/bp}) is
 * trained on energies and forces of a reference potential (sw, edip or tersoff file) over crystal, strained, liquid and
 * amorphous frames ({@link TrainingSet}), then fine-tuned on the reference's g(r) at one temperature by DiffTRe reweighting
 * ({@link RdfMatching}); g(r) of the reference, the energy/force model and the fine-tuned model are compared at the fine-tune
 * temperature and at unseen test temperatures (L2 distance √(Σ (g − g_ref)² Δr), Å^½; the distance between two independent
 * reference runs is the noise floor). All MD is Langevin NVT (γ = 10 ps⁻¹) at the volume of the diamond crystal (a, repeat);
 * reference and evaluation g(r) use 4·warm warm-up steps and rdf_frames frames every 2·every steps from the training liquid.
 * Writes {@code trained.nnbp} and {@code finetuned.nnbp} (network files for {@code potential=nn/bp potential_file=...}),
 * {@code train_loss.csv}, {@code finetune_loss.csv}, {@code loss.png}, {@code rdf.csv}, {@code rdf.png} and the checkpoint
 * ({@link MlpCheckpoint}: every checkpoint_every training steps, after every g(r) curve and DiffTRe round, and when cancelled, which
 * is checked at every MD step and optimizer step; {@code resume=true --out DIR} continues bit for bit).
 */
public final class MlpMethod implements Method {
    private final Supplier<AD> ad;
    private final ServiceCatalog<OptimizerProvider> optimizers;

    private final PotentialCatalog potentials;

    /** An engine per run; {@code optimizers}: those optimizer= names; {@code potentials}: the pair styles that {@code potential=} names. */
    public MlpMethod(Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials) {
        this.ad = ad;
        this.optimizers = optimizers;
        this.potentials = potentials;
    }

    @Override public String id() { return "ff.mlp"; }

    @Override public String description() {
        return "Behler-Parrinello network trained on energies/forces of a reference style (sw, edip, tersoff, ...), fine-tuned on its g(r) (DiffTRe); RDF L2 before/after at unseen T; nn/bp files";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("potential", "sw", potentials.styles(s -> s.files() == PotentialProvider.FileRule.ONE),
                        "reference potential (a pair style present now that reads one file)"),
                ParamSpec.path("potential_file", null, "LAMMPS parameter file of the reference, e.g. Si.sw"),
                ParamSpec.text("element", "Si", "element (one) of the diamond crystal"),
                ParamSpec.real("mass", 0.0, "amu", 0, 1e4, "atomic mass; 0: the element's standard atomic weight"),
                ParamSpec.real("a", 5.431, "Å", 1, 20, "lattice constant of the diamond crystal; all MD runs at its volume"),
                ParamSpec.intList("repeat", List.of(2, 2, 2), "cells", 1, 10, "conventional cells of the crystal (8 atoms each)"),
                ParamSpec.intList("hidden", List.of(12, 12), "units", 1, 1024, "hidden layer widths (tanh)"),
                ParamSpec.integer("radial", 8, "functions", 1, 64, "radial symmetry functions G² (six angular G⁴ are added)"),
                ParamSpec.real("cutoff", 3.6, "Å", 2.5, 10, "symmetry-function cutoff"),
                ParamSpec.realList("crystal_temperatures", List.of(300.0), "K", 1, 1e4, "crystal and strained-crystal training frames at each"),
                ParamSpec.realList("liquid_temperatures", List.of(2000.0), "K", 1, 1e4, "liquid training frames at each (after a melt)"),
                ParamSpec.bool("quench", true, "amorphous frames quenched 1500 -> 300 K from the first liquid"),
                ParamSpec.real("melt_temperature", 3500.0, "K", 1, 1e5, "temperature of the melt (1500 steps) before the liquids"),
                ParamSpec.integer("frames_per_phase", 12, "frames", 1, 10_000, "labelled frames per phase (strained crystals half)"),
                ParamSpec.integer("every", 10, "steps", 1, 100_000, "MD steps between frames (liquids and g(r): twice this)"),
                ParamSpec.real("dt", 1.0, "fs", 0.01, 10, "MD time step"),
                ParamSpec.choice("optimizer", "adam", OptimizerChoice.choices(optimizers),
                        "optimizer of both phases (the registered optimizer providers; learned:<file> for a learned optimizer, which does not use lr)"),
                ParamSpec.integer("train_steps", 400, "steps", 0, 10_000_000, "optimizer steps of energy/force training"),
                ParamSpec.real("lr", 0.01, "", 1e-8, 10, "learning rate of training"),
                ParamSpec.real("force_weight", 0.1, "Å²/atom²", 0, 1e6, "weight of the force term against the energy-per-atom term"),
                ParamSpec.real("stress_weight", 0.0, "", 0, 1e6,
                        "weight of the virial-per-atom term (teaches the pressure, so md.elastic relax=true and NPT find the reference's volume); 0: off"),
                ParamSpec.real("finetune_temperature", 2200.0, "K", 1, 1e5, "temperature of the target g(r)"),
                ParamSpec.realList("test_temperatures", List.of(3000.0), "K", 1, 1e5, "unseen temperatures at which g(r) is compared"),
                ParamSpec.integer("rounds", 25, "rounds", 0, 100_000, "DiffTRe sampling rounds"),
                ParamSpec.integer("steps_per_round", 10, "steps", 1, 100_000, "optimizer steps per round at most (while ESS >= min_ess)"),
                ParamSpec.real("finetune_lr", 0.005, "", 1e-8, 10, "learning rate of fine-tuning"),
                ParamSpec.real("min_ess", 0.6, "", 0, 1, "resample when the effective sample fraction falls below this"),
                ParamSpec.integer("warm", 200, "steps", 0, 10_000_000, "MD steps before each DiffTRe sampling (4x before reference g(r))"),
                ParamSpec.integer("frames", 80, "frames", 2, 100_000, "frames per DiffTRe sampling"),
                ParamSpec.integer("rdf_frames", 300, "frames", 1, 1_000_000, "frames of each reference and evaluation g(r)"),
                ParamSpec.real("rdf_min", 1.8, "Å", 0.1, 20, "first g(r) point"),
                ParamSpec.real("rdf_max", 5.23, "Å", 0.2, 30, "last g(r) point"),
                ParamSpec.integer("rdf_points", 50, "points", 3, 10_000, "g(r) points"),
                ParamSpec.real("rdf_width", 0.1, "Å", 1e-3, 2, "Gaussian width of the smooth g(r)"),
                ParamSpec.integer("seed", 7, "", 0, Integer.MAX_VALUE, "seed of weights, MD and sampling"),
                ParamSpec.integer("checkpoint_every", 50, "steps", 1, 1_000_000_000L, "checkpoint training every this many steps (fine-tuning: every round)"),
                ParamSpec.bool("resume", false, "continue from the checkpoint in the run directory (--out of the earlier run)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        AD engine = ad.get();
        Ops o = engine.ops();
        String element = p.getString("element");
        if (!Elements.isElement(element)) throw BadInputException.forParam("element", element, "not an element symbol", "give e.g. Si");
        List<Integer> rep = p.getIntList("repeat");
        if (rep.size() != 3) throw BadInputException.forParam("repeat", rep, "needs three counts", "write repeat=2,2,2");
        double mass = p.getDouble("mass") > 0 ? p.getDouble("mass") : Elements.mass(element);
        Atoms x0 = Lattices.build("diamond", p.getDouble("a"), new int[] {rep.get(0), rep.get(1), rep.get(2)}, element, mass);
        Potential ref = potentials.create(p.getString("potential"), p.getString("potential_file"), "", List.of(element));
        double[] r = grid(p);
        double width = p.getDouble("rdf_width");
        double dr = r[1] - r[0];
        double dt = p.getDouble("dt") / 1000;
        if (ref.cutoff() <= 0 || x0.box().volume() <= 0) throw BadInputException.forParam("a", p.getDouble("a"), "empty cell", "give a > 0");
        List<Double> temps = new ArrayList<>(List.of(p.getDouble("finetune_temperature")));
        temps.addAll(p.getDoubleList("test_temperatures"));
        long seed = p.getInt("seed");
        int trainSteps = p.getInt("train_steps");
        int rounds = p.getInt("rounds");
        Optimizer trainOpt = optimizer(o, p, "lr", trainSteps);
        Optimizer fineOpt = optimizer(o, p, "finetune_lr", (long) rounds * p.getInt("steps_per_round"));
        MlpCheckpoint cp = p.getBoolean("resume") ? MlpCheckpoint.load(dir, this, p) : new MlpCheckpoint(dir, this, p);
        int resumedTrain = cp.trainStep;
        int resumedRound = cp.round;
        long total = 1 + trainSteps + rounds + 4L * temps.size();
        long[] done = {0};
        Map<String, Double> seconds = new LinkedHashMap<>();
        long[] lap = {System.nanoTime()};
        // at every MD step: when cancelled, the checkpoint as it stands (whole phases, curves and rounds) and a CancelledException
        String[] stage = {"training data"};
        Runnable tick = () -> Checkpoint.writeIfCancelled(progress, stage[0], cp::save);

        // 1. energy/force data (deterministic: regenerated on resume)
        TrainingSet.Data data;
        try {
            data = TrainingSet.generate(ref, x0, new TrainingSet.Spec(array(p.getDoubleList("crystal_temperatures")), array(p.getDoubleList("liquid_temperatures")),
                    p.getBoolean("quench"), p.getDouble("melt_temperature"), p.getInt("frames_per_phase"), p.getInt("every"), seed), dt,
                    m -> {
                        stage[0] = m;
                        progress.update(done[0], total, m);
                    }, tick);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("liquid_temperatures", p.getDoubleList("liquid_temperatures"), e.getMessage(), "see ff.mlp's describe");
        }
        if (data.liquid() == null) {
            throw BadInputException.forParam("liquid_temperatures", "[]", "the g(r) runs start from the training liquid", "give at least one liquid temperature");
        }
        List<ForceMatching.Sample> train = data.split().get(0);
        List<ForceMatching.Sample> test = data.split().get(1);
        done[0]++;
        seconds.put("data", lapSeconds(lap));

        // 2. energy/force training, checkpointed every checkpoint_every steps
        BehlerParrinello start = TrainingSet.initialModel(engine, train, p.getDouble("cutoff"), p.getInt("radial"), ints(p.getIntList("hidden")), seed);
        Object params = start.parameters(o);
        OptState st = trainOpt.init(params);
        if (cp.trainStep > 0) {
            List<Object> l = cp.loadParams(o, "train", params, st);
            params = l.get(0);
            st = (OptState) l.get(1);
        }
        int every = p.getInt("checkpoint_every");
        done[0] += cp.trainStep;
        Object trained = ForceMatching.train(engine, start, train, p.getDouble("force_weight"), p.getDouble("stress_weight"), trainOpt, params, st, cp.trainStep, trainSteps, (k, loss, w, s) -> {
            cp.trainLoss.add(loss);
            cp.trainStep = k;
            progress.update(++done[0], total, String.format(Locale.ROOT, "training: step %d/%d, loss %.4g", k, trainSteps, loss));
            Checkpoint.Save save = () -> {
                cp.putParams(o, "train", w, s);
                cp.save();
            };
            if (k % every == 0 || k == trainSteps) writeUnchecked(save);
            else Checkpoint.writeIfCancelled(progress, "training step " + k + " of " + trainSteps, save);
        });
        BehlerParrinello ef = start.withParameters(trained);
        dir.writeFile("trained.nnbp", ef::save);
        seconds.put("train", lapSeconds(lap));

        // 3. reference, noise and energy/force-model g(r) at each temperature
        int refWarm = 4 * p.getInt("warm");
        int rdfFrames = p.getInt("rdf_frames");
        int stride = 2 * p.getInt("every");
        Atoms liq = data.liquid();
        for (int jj = 0; jj < temps.size(); jj++) {
            int j = jj;
            double t = temps.get(j);
            curve(cp, "ref@" + j, () -> RdfMatching.meanG(o, RdfMatching.sample(ref, liq, t, refWarm, rdfFrames, stride, dt, seed + 30 + j, tick), r, width),
                    progress, done, total, "reference g(r) at " + t + " K", stage);
            curve(cp, "noise@" + j, () -> RdfMatching.meanG(o, RdfMatching.sample(ref, liq, t, refWarm, rdfFrames, stride, dt, seed + 1000 + j, tick), r, width),
                    progress, done, total, "second reference run at " + t + " K", stage);
            curve(cp, "ef@" + j, () -> RdfMatching.meanG(o, RdfMatching.sample(ef, liq, t, refWarm, rdfFrames, stride, dt, seed + 40 + j, tick), r, width),
                    progress, done, total, "energy/force model g(r) at " + t + " K", stage);
        }
        seconds.put("rdf_reference_and_before", lapSeconds(lap));

        // 4. DiffTRe fine-tuning on the reference g(r) at temps[0], checkpointed every round
        Object fp = ef.parameters(o);
        OptState fs = fineOpt.init(fp);
        Atoms at = liq;
        if (cp.round > 0) {
            List<Object> l = cp.loadParams(o, "finetune", fp, fs);
            fp = l.get(0);
            fs = (OptState) l.get(1);
            at = liq.withPositions(cp.lastPositions);
        }
        done[0] += cp.round;
        for (int k = cp.round; k < rounds; k++) {
            stage[0] = "fine-tuning round " + (k + 1) + " of " + rounds;
            RdfMatching.Round rd = RdfMatching.round(engine, ef, fineOpt, fp, fs, at, temps.get(0), r, width, cp.curves.get("ref@0"), p.getInt("steps_per_round"),
                    p.getDouble("min_ess"), p.getInt("warm"), p.getInt("frames"), p.getInt("every"), dt, seed + 50 + k, tick);
            fp = rd.params();
            fs = rd.state();
            at = rd.last();
            cp.rounds.add(new double[] {rd.loss(), rd.steps(), rd.essFraction()});
            cp.round = k + 1;
            cp.lastPositions = at.positions();
            cp.putParams(o, "finetune", fp, fs);
            cp.save();
            progress.update(++done[0], total, String.format(Locale.ROOT, "fine-tuning: round %d/%d, g(r) loss %.4g", k + 1, rounds, rd.loss()));
        }
        BehlerParrinello tuned = ef.withParameters(fp);
        dir.writeFile("finetuned.nnbp", tuned::save);
        seconds.put("finetune", lapSeconds(lap));
        for (int jj = 0; jj < temps.size(); jj++) {
            int j = jj;
            double t = temps.get(j);
            curve(cp, "ft@" + j, () -> RdfMatching.meanG(o, RdfMatching.sample(tuned, liq, t, refWarm, rdfFrames, stride, dt, seed + 40 + j, tick), r, width),
                    progress, done, total, "fine-tuned model g(r) at " + t + " K", stage);
        }
        seconds.put("rdf_after", lapSeconds(lap));

        // 5. report
        List<Object> perT = new ArrayList<>();
        for (int j = 0; j < temps.size(); j++) {
            double[] g = cp.curves.get("ref@" + j);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("temperature", temps.get(j));
            m.put("role", j == 0 ? "finetune" : "test");
            m.put("l2_energy_force", RdfMatching.l2(cp.curves.get("ef@" + j), g, dr));
            m.put("l2_finetuned", RdfMatching.l2(cp.curves.get("ft@" + j), g, dr));
            m.put("l2_reference_noise", RdfMatching.l2(cp.curves.get("noise@" + j), g, dr));
            perT.add(m);
        }
        MlpReport.write(dir, r, temps, cp, p.getString("potential"));
        ForceMatching.Errors trErr = ForceMatching.errors(ef, train);
        ForceMatching.Errors teErr = ForceMatching.errors(ef, test);
        ForceMatching.Errors teTuned = ForceMatching.errors(tuned, test);
        Result.Builder out = Result.builder().put("reference", p.getString("potential")).put("natoms", x0.size())
                .put("train_frames", train.size()).put("test_frames", test.size())
                .put("train_rmse", rmse(trErr)).put("test_rmse", rmse(teErr)).put("test_rmse_finetuned", rmse(teTuned))
                .put("test_virial_rmse_eV_per_atom", ForceMatching.virialError(ef, test))
                .put("test_virial_rmse_finetuned_eV_per_atom", ForceMatching.virialError(tuned, test))
                .put("train_loss_first", cp.trainLoss.isEmpty() ? Double.NaN : cp.trainLoss.get(0))
                .put("train_loss_last", cp.trainLoss.isEmpty() ? Double.NaN : cp.trainLoss.get(cp.trainLoss.size() - 1))
                .put("finetune_loss", cp.rounds.stream().map(x -> x[0]).toList()).put("temperatures", perT)
                .put("resumed_from", Map.of("train_step", resumedTrain, "round", resumedRound))
                .put("phase_seconds", seconds).put("seconds", (System.nanoTime() - t0) / 1e9)
                .put("files", List.of("trained.nnbp", "finetuned.nnbp", "train_loss.csv", "finetune_loss.csv", "loss.png", "rdf.csv", "rdf.png", MlpCheckpoint.FILE));
        out.summary(String.format(Locale.ROOT, "energy/force model: test RMSE %.1f meV/atom, %.3f eV/Å (%d train, %d test frames)",
                1e3 * teErr.energyPerAtom(), teErr.force(), train.size(), test.size()));
        for (Object x : perT) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) x;
            out.summary(String.format(Locale.ROOT, "L2 of g(r) to %s at %.0f K (%s): energy/force %.4f -> fine-tuned %.4f (reference noise %.4f)",
                    p.getString("potential"), (Double) m.get("temperature"), m.get("role"), (Double) m.get("l2_energy_force"), (Double) m.get("l2_finetuned"),
                    (Double) m.get("l2_reference_noise")));
        }
        out.summary("networks: " + dir.resolve("trained.nnbp") + ", " + dir.resolve("finetuned.nnbp") + " (potential=nn/bp potential_file=...)");
        return out.build();
    }

    /** A g(r) curve of the checkpoint, computed (and checkpointed) unless a resumed run already has it. */
    private static void curve(MlpCheckpoint cp, String name, Supplier<double[]> g, Progress progress, long[] done, long total, String what,
                              String[] stage) throws java.io.IOException {
        stage[0] = what;
        progress.update(done[0], total, what);
        if (!cp.curves.containsKey(name)) {
            double[] v = g.get();
            for (int k = 0; k < v.length; k++) {
                if (!Double.isFinite(v[k])) throw new ArithmeticException("ff.mlp: " + what + ": g(r) is " + v[k] + " at point " + k);
            }
            cp.curves.put(name, v);
            cp.save();
        }
        done[0]++;
    }

    private static Map<String, Double> rmse(ForceMatching.Errors e) {
        return Map.of("energy_meV_per_atom", 1e3 * e.energyPerAtom(), "force_eV_per_A", e.force());
    }

    private static double lapSeconds(long[] lap) {
        long now = System.nanoTime();
        double s = (now - lap[0]) / 1e9;
        lap[0] = now;
        return s;
    }

    static double[] grid(Params p) {
        double lo = p.getDouble("rdf_min");
        double hi = p.getDouble("rdf_max");
        int n = p.getInt("rdf_points");
        if (!(hi > lo)) throw BadInputException.forParam("rdf_max", hi, "not above rdf_min = " + lo, "give rdf_max > rdf_min");
        double[] r = new double[n];
        for (int k = 0; k < n; k++) r[k] = lo + k * (hi - lo) / (n - 1);
        return r;
    }

    /** The optimizer= of one phase at its learning rate {@code lr} (when it takes one), for at most {@code steps} steps. */
    private Optimizer optimizer(Ops o, Params p, String lr, long steps) {
        return OptimizerChoice.create(o, optimizers, "optimizer", p.getString("optimizer"), Map.of("lr", p.getDouble(lr), "num_steps", steps),
                "use an optimizer that takes a learning rate, e.g. adam");
    }

    private static void writeUnchecked(Checkpoint.Save save) {
        try {
            save.save();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double[] array(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).toArray(); }

    private static int[] ints(List<Integer> l) { return l.stream().mapToInt(Integer::intValue).toArray(); }
}
