package org.polymorph.materials.internal.patchy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.materials.internal.method.RigidCheckpoint;
import org.polymorph.materials.internal.rigid.RigidForces;
import org.polymorph.materials.internal.rigid.RigidLangevin;
import org.polymorph.materials.internal.rigid.RigidNoseHoover;
import org.polymorph.materials.patchy.BondRule;
import org.polymorph.materials.patchy.ClusterAnalysis;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;
import org.polymorph.materials.rigid.RigidIntegrator;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.space.Box;

/**
 * patchy.simulate: NVT rigid-body MD of N patchy bodies ({@link PatchyPair} forces on {@link PatchyBodies} shapes,
 * Nosé–Hoover chains or Langevin, LJ units with k_B = 1 so energies are in kT at kT = 1) from a random
 * non-overlapping start, with the cluster analysis every {@code sample_every} steps; the mean yield after the
 * equilibration fraction with its block-averaging error, next to the equilibrium predictions at the same
 * concentration. For {@code model=dimer} (one-patch bodies, {@link OnePatchDimer}) and {@code model=trimer} (the 2D
 * linear heterotrimer, {@link LinearTrimer}): every cluster species' share by MD against {@link Predictions} from the
 * harmonic free energy and from the exact cluster integral ({@code samples} draws), each at infinite volume (mass
 * action) and for the same n bodies in the same volume (canonical), with the MD − integral deviation in units of the
 * combined error; for {@code model=toolbox-dimer} patchy.yield's own evaluation ({@link YieldModels}, energies in kT at
 * kT = 1) and the canonical yield of n/2 + n/2 bodies. Files: thermo.csv (step, PE, KE_trans, KE_rot, T), yields.csv
 * (step, the last species' share of the bodies and its clusters per structure, cluster-size counts, the other
 * species' shares), final.extxyz (body origins with the model-frame orientation as a quaternion, or an angle in 2D) and, in 2D,
 * final.png (cores and patches).
 */
public final class SimulateMethod implements Method {
    /** Neighbour-list skin (length units). */
    private static final double SKIN = 0.4;
    /** Random insertion: tries per body before the start is declared too dense. */
    private static final int TRIES = 10000;
    /** The checkpoint file in the run directory and its payload version. */
    static final String CHECKPOINT = "checkpoint.bin";
    private static final int PAYLOAD = 1;
    private final Supplier<AD> ad;

    public SimulateMethod(Supplier<AD> ad) { this.ad = ad; }

    @Override public String id() { return "patchy.simulate"; }

    @Override public String description() {
        return "NVT rigid-body MD of patchy particles with cluster analysis: yield of the target vs time and its mean with a "
                + "block-averaging error, against patchy.yield's equilibrium prediction; thermo.csv, yields.csv, final.extxyz, final.png (2D)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("model", "dimer", List.of("dimer", "trimer", "toolbox-dimer"),
                        "dimer: identical bodies with one patch each (2D or 3D); trimer: the 2D linear heterotrimer A–B–C (A and C one "
                                + "patch, B two at the opening angle); toolbox-dimer: the self-assembly toolbox's three-sphere, three-patch "
                                + "heterodimer (3D), as patchy.yield"),
                ParamSpec.integer("dimension", 2, null, 2, 3, "dimer: 2 or 3"),
                ParamSpec.real("depth", 6.0, "kT", 0.01, 1000, "patch well depth (ε; the toolbox's D0)"),
                ParamSpec.real("patch_radius", 0.45, "length", 0.01, 10, "dimer, trimer: distance of the patches from the centre (core diameter 1)"),
                ParamSpec.real("opening", 180.0, "degrees", 1, 180, "trimer: angle between B's two patches seen from its centre"),
                ParamSpec.integer("samples", 100000, null, 0, Long.MAX_VALUE / 2, "dimer, trimer: Monte Carlo draws per cluster species for "
                        + "the exact cluster integral (0: harmonic prediction only)"),
                ParamSpec.real("core_eps", 100.0, "kT", 0.01, 1e6, "dimer, trimer: soft-sphere core ε (σ = 1, α = 2)"),
                ParamSpec.real("range", 5.0, "1/length", 0.1, 100, "Morse α (the toolbox's a)"),
                ParamSpec.real("concentration", 0.001, "bodies/length^d", 1e-9, 1, "number density of all bodies (ignored when box > 0)"),
                ParamSpec.real("box", 0.0, "length", 0, 1e6, "cubic box edge; 0: from bodies and concentration"),
                ParamSpec.integer("bodies", 18, null, 2, 100000, "number of bodies, shared equally among the body types"),
                ParamSpec.real("kt", 1.0, "energy", 1e-6, 1e6, "temperature (energy units, k_B = 1)"),
                ParamSpec.real("dt", 0.002, "time", 1e-7, 1, "time step"),
                ParamSpec.integer("steps", 20000, null, 1, Long.MAX_VALUE / 2, "MD steps"),
                ParamSpec.integer("sample_every", 100, null, 1, Long.MAX_VALUE / 2, "steps between cluster analyses and thermo rows"),
                ParamSpec.choice("thermostat", "nose-hoover", List.of("nose-hoover", "langevin"), "Nosé–Hoover chains or Langevin"),
                ParamSpec.real("tau", 0.0, "time", 0, 1e9, "Nosé–Hoover relaxation time; 0: 100 dt"),
                ParamSpec.real("gamma", 1.0, "1/time", 1e-9, 1e9, "Langevin friction"),
                ParamSpec.real("bond_energy", -1.0, "kT", -1e6, -1e-9, "patches bond when their Morse pair energy is below this"),
                ParamSpec.real("equilibration", 0.2, null, 0, 0.99, "fraction of the samples dropped before averaging"),
                ParamSpec.integer("blocks", 10, null, 2, 1000, "blocks for the block-averaging error"),
                ParamSpec.integer("seed", 1, null, 0, Long.MAX_VALUE / 2, "seed of the start and of the thermostat"),
                ParamSpec.integer("checkpoint_every", 0, "steps", 0, Long.MAX_VALUE / 2, "write " + CHECKPOINT + " every this many steps "
                        + "(0: at the end and when cancelled only)"),
                ParamSpec.bool("resume", false, "continue from " + CHECKPOINT + " in the run directory (--out of the earlier run) to the bit"),
                ParamSpec.bool("gradient", false, "also d(mean target share)/d(parameter) by canonical reweighting, with block errors "
                        + "(gradients.csv); not with resume"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        AD engine = ad.get();
        Ops o = engine.ops();
        double depth = p.getDouble("depth"), kT = p.getDouble("kt"), dt = p.getDouble("dt");
        long steps = ((Number) p.get("steps")).longValue(), every = ((Number) p.get("sample_every")).longValue();
        int n = p.getInt("bodies");
        boolean toolbox = p.getString("model").equals("toolbox-dimer");
        if (p.getString("model").equals("trimer") && p.getInt("dimension") != 2) throw BadInputException.forParam("dimension",
                p.getInt("dimension"), "the linear trimer is a 2D model", "give dimension=2");
        ClusterCase cc = toolbox ? null : ClusterCase.of(p, p.getInt("dimension"));
        PatchyModel model = toolbox ? ToolboxDimer.model(p.getDouble("range")) : cc.model();
        PatchyParams params = toolbox ? ToolboxDimer.params(o, depth, p.getDouble("range")) : cc.params(o, depth);
        Values v = Values.of(o, model, params);
        int d = model.dimension(), types = model.types().size();
        if (n % types != 0) throw BadInputException.forParam("bodies", n, "the " + types + " body types share the bodies equally",
                "give a multiple of " + types);
        double edge = p.getDouble("box") > 0 ? p.getDouble("box") : Math.pow(n / p.getDouble("concentration"), 1.0 / d);
        double volume = Math.pow(edge, d);
        PatchyBodies pb = new PatchyBodies(model, v.patches(), v.coreSigma());
        double reach = 2 * (pb.system(Box.free()).shapes().stream().mapToDouble(s -> s.radius()).max().orElse(0)) + v.coreSigma();
        if (!(edge > reach)) throw BadInputException.forParam(p.getDouble("box") > 0 ? "box" : "concentration",
                p.getDouble("box") > 0 ? p.getDouble("box") : p.getDouble("concentration"), "the box edge " + fmt(edge)
                        + " is below two body diameters plus the core range (" + fmt(reach) + ")", "give a larger box or a lower concentration");
        Box box = d == 3 ? Box.orthorhombic(edge, edge, edge)
                : new Box(new double[] {edge, 0, 0, 0, edge, 0, 0, 0, 1}, new boolean[] {true, true, false});
        RigidSystem sys = pb.system(box);
        int[] bodyTypes = new int[n];
        for (int i = 0; i < n; i++) bodyTypes[i] = i * types / n;
        RandomKey[] keys = RandomKey.of(((Number) p.get("seed")).longValue()).split(2);
        RigidForces forces = new RigidForces(PotentialForceField.of(PatchyPair.of(model, v.epsMatrix(), v.alphaMatrix(), v.r0(), v.coreEps(), v.coreSigma(),
                v.coreAlpha()), SKIN), sys);
        RigidIntegrator integrator = p.getString("thermostat").equals("langevin")
                ? new RigidLangevin(forces, dt, Ramp.constant(kT), p.getDouble("gamma"), UnitSystem.LJ)
                : new RigidNoseHoover(forces, dt, Ramp.constant(kT), p.getDouble("tau") > 0 ? p.getDouble("tau") : 100 * dt, 5, 2, UnitSystem.LJ);
        List<TargetStructure> targets = toolbox ? List.of(ToolboxDimer.target()) : cc.targets();
        // the last species is the target of the share columns; the others get columns after the size histogram
        TargetStructure target = targets.get(targets.size() - 1);
        BondRule rule = BondRule.energy(p.getDouble("bond_energy"), v.epsMatrix(), v.alphaMatrix(), v.r0(), model.cutoff());
        double[] edges = new double[d];
        java.util.Arrays.fill(edges, edge);
        double[][][] patchFrames = v.patchFrames(model);

        Checkpoint earlier = p.getBoolean("resume") ? Checkpoint.resume(dir, CHECKPOINT, this, p) : null;
        List<double[]> thermo = new ArrayList<>(), yields = new ArrayList<>();
        RigidState s;
        long resumedFrom = -1;
        if (earlier != null) {
            try (DataInputStream in = earlier.payloadStream()) {
                s = RigidCheckpoint.read(in, sys);
                readRows(in, thermo);
                readRows(in, yields);
            } catch (IOException e) {
                throw BadInputException.forParam("resume", true, dir.resolve(CHECKPOINT) + " is unreadable (" + e.getMessage() + ")",
                        "start a new run without resume");
            }
            if (steps < s.step()) throw BadInputException.forParam("steps", steps, "the checkpoint is already at step " + s.step(),
                    "give steps >= " + s.step());
            resumedFrom = s.step();
            progress.message("resuming patchy.simulate at step " + s.step());
        } else {
            s = integrator.init(keys[1], RandomStart.place(pb, bodyTypes, edge, v.coreSigma(), keys[0], TRIES), kT);
        }
        if (p.getBoolean("gradient") && earlier != null) throw BadInputException.forParam("gradient", true,
                "the reweighting gradient needs every sample of the run, and a resumed run has only those after the checkpoint",
                "run without resume, or without gradient");
        ShareGradient gradient = p.getBoolean("gradient") ? new ShareGradient(model, v, !toolbox, kT) : null;
        long checkpointEvery = ((Number) p.get("checkpoint_every")).longValue();
        for (long k = earlier == null ? 0 : s.step() + 1; k <= steps; k++) {
            if (k > 0) s = integrator.step(s);
            final RigidState now = s;
            Checkpoint.Save save = () -> saveCheckpoint(dir, p, now, thermo, yields);
            if (k < steps) Checkpoint.writeIfCancelled(progress, "step " + k + " of " + steps, save);
            if (k % every == 0 || k == steps) {
                Configuration c = pb.configuration(s.bodies(), sys.rotations(s.bodies()), edges);
                ClusterAnalysis ca = ClusterAnalysis.of(model, patchFrames, c, rule);
                int[] hist = ca.sizeHistogram();
                double y = ca.yield(target);
                if (gradient != null) gradient.sample(c, y);
                int dimers = ca.matches(target).size();
                thermo.add(new double[] {k, s.potentialEnergy(), s.translationalKineticEnergy(), s.rotationalKineticEnergy(), s.temperature()});
                double[] row = new double[2 + n + targets.size()];
                row[0] = k;
                row[1] = y;
                row[2] = (double) dimers / (n - dimers);
                for (int m = 1; m <= n; m++) row[2 + m] = hist[m];
                for (int j = 0; j + 1 < targets.size(); j++) row[3 + n + j] = ca.yield(targets.get(j));
                yields.add(row);
                progress.update(k, steps, String.format(Locale.ROOT, "T %.3f, PE %.4g, %s share %.3f", s.temperature(), s.potentialEnergy(),
                        target.name(), y));
            }
            if (k == steps || (checkpointEvery > 0 && k % checkpointEvery == 0)) save.save();
        }
        List<Double> share = new ArrayList<>(), perStructure = new ArrayList<>();
        for (double[] row : yields) {
            share.add(row[1]);
            perStructure.add(row[2]);
        }
        Outputs.csv(dir, "thermo.csv", "step,PE,KE_trans,KE_rot,T", thermo);
        StringBuilder header = new StringBuilder("step," + target.name() + "," + target.name() + "_per_structure");
        for (int m = 1; m <= n; m++) header.append(",size_").append(m);
        for (int j = 0; j + 1 < targets.size(); j++) header.append(',').append(targets.get(j).name());
        Outputs.csv(dir, "yields.csv", header.toString(), yields);
        Configuration last = pb.configuration(s.bodies(), sys.rotations(s.bodies()), edges);
        dir.writeString("final.extxyz", ExtXyz.bodies(last, model, s.step(), s.time()));
        List<String> files = new ArrayList<>(List.of("thermo.csv", "yields.csv", "final.extxyz", CHECKPOINT));
        if (d == 2) {
            dir.writeBytes("final.png", Render2d.png(last, model, patchFrames, v.coreSigma(), "final configuration (box " + fmt(edge) + ", step " + s.step() + ")"));
            files.add("final.png");
        }

        int from = (int) Math.floor(p.getDouble("equilibration") * share.size());
        BlockAverage ys = BlockAverage.of(unbox(share), from, p.getInt("blocks"));
        BlockAverage yp = BlockAverage.of(unbox(perStructure), from, p.getInt("blocks"));
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("share_mean", ys.mean());
        md.put("share_error", ys.error());
        md.put("per_structure_mean", yp.mean());
        md.put("per_structure_error", yp.error());
        md.put("blocks", ys.blocks());
        md.put("samples_averaged", ys.used());
        Result.Builder out = Result.builder().put("model", p.getString("model")).put("bodies", n).put("box", edge).put("concentration", n / volume)
                .put("depth", depth).put("kT", kT).put("steps", steps).put("resumed_from", resumedFrom).put("md", md)
                .put("final_temperature", s.temperature())
                .summary(String.format(Locale.ROOT, "MD %s share of bodies %.4f ± %.4f (%s per structure %.4f ± %.4f) over %d samples",
                        target.name(), ys.mean(), ys.error(), target.name(), yp.mean(), yp.error(), ys.used()));
        if (toolbox) {
            Map<String, Object> theory = kT != 1 ? Map.of("unavailable", "patchy.yield's toolbox model has its energies in kT at kT = 1; run at kt=1")
                    : toolboxTheory(p, engine, model, n, volume);
            out.put("equilibrium", theory).summary(theory.containsKey("unavailable") ? "no harmonic equilibrium prediction: " + theory.get("unavailable")
                    : String.format(Locale.ROOT, "equilibrium (patchy.yield, harmonic): mass-action share %.4f; canonical dimers per structure "
                    + "for %d + %d bodies in V = %.4g: %.4f", theory.get("mass_action_share"), n / 2, n / 2, volume, theory.get("canonical_per_structure")));
        } else {
            int[] perType = new int[types];
            java.util.Arrays.fill(perType, n / types);
            Predictions.Constants kc = Predictions.constants(engine, cc, params, kT, rule, ((Number) p.get("samples")).longValue(),
                    ((Number) p.get("seed")).longValue());
            Map<String, Map<String, Object>> pred = Predictions.report(engine, kc, perType, volume);
            Map<String, Object> theory = new LinkedHashMap<>(pred.get(target.name()));
            Map<String, Object> perSpecies = new LinkedHashMap<>();
            for (int j = 0; j < targets.size(); j++) {
                String name = targets.get(j).name();
                double[] series = new double[yields.size()];
                for (int r = 0; r < series.length; r++) series[r] = j + 1 == targets.size() ? yields.get(r)[1] : yields.get(r)[3 + n + j];
                BlockAverage b = BlockAverage.of(series, from, p.getInt("blocks"));
                Map<String, Object> e = new LinkedHashMap<>(pred.get(name));
                e.put("md_mean", b.mean());
                e.put("md_error", b.error());
                if (e.containsKey("integral_canonical")) e.put("deviation_sigma", (b.mean() - (Double) e.get("integral_canonical"))
                        / Math.hypot(b.error(), (Double) e.get("integral_canonical_error")));
                perSpecies.put(name, e);
                out.summary(comparison(name, e));
            }
            // the harmonic prediction for the target under the keys the dimer model has always reported
            if (theory.containsKey("harmonic_canonical")) {
                theory.put("mass_action_share", theory.get("harmonic_mass_action"));
                theory.put("canonical_share", theory.get("harmonic_canonical"));
                theory.put("log_K", theory.get("harmonic_log_K"));
            }
            out.put("equilibrium", theory).put("species", perSpecies);
        }
        if (gradient != null) {
            out.put("reweighting_gradient", gradient.write(dir, from, p.getInt("blocks")));
            files.add("gradients.csv");
        }
        return out.put("files", files).build();
    }

    /** One summary line: MD share ± error against the integral (canonical ± error, mass action) and harmonic predictions. */
    private static String comparison(String name, Map<String, Object> e) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: MD %.4f ± %.4f", name, e.get("md_mean"), e.get("md_error")));
        if (e.containsKey("integral_canonical")) sb.append(String.format(Locale.ROOT, "; integral canonical %.4f ± %.4f (mass action %.4f), "
                + "MD − integral = %.2f σ", e.get("integral_canonical"), e.get("integral_canonical_error"), e.get("integral_mass_action"),
                e.get("deviation_sigma")));
        if (e.containsKey("harmonic_canonical")) sb.append(String.format(Locale.ROOT, "; harmonic canonical %.4f (mass action %.4f)",
                e.get("harmonic_canonical"), e.get("harmonic_mass_action")));
        else sb.append("; no harmonic prediction (").append(e.getOrDefault("harmonic_unavailable", "a species has no rigid minimum")).append(')');
        return sb.toString();
    }

    /** patchy.yield's prediction for the toolbox heterodimer (its energies are in kT at kT = 1) and the canonical yield of n/2 + n/2 bodies. */
    private static Map<String, Object> toolboxTheory(Params p, AD engine, PatchyModel model, int n, double volume) {
        Map<String, Object> t = new LinkedHashMap<>();
        YieldModels.Point eq = YieldModels.setup(p).evaluate(engine, p.getDouble("depth"), 0);
        double[] f = engine.ops().tensors().toDoubleArray(eq.yields().fractions().value());
        double logK = eq.yields().clusters().get(0).logQ().item() - 2 * new EquilibriumYields(engine, model, 1.0).logOrientationVolume();
        t.put("mass_action_share", f[2]);
        t.put("canonical_per_structure", ToolboxDimer.canonicalYield(logK, n / 2, n / 2, volume));
        return t;
    }

    /** The state and the sample rows so far, in {@link #CHECKPOINT} (payload version {@link #PAYLOAD}). */
    private void saveCheckpoint(RunDirectory dir, Params p, RigidState s, List<double[]> thermo, List<double[]> yields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RigidCheckpoint.write(out, s);
            writeRows(out, thermo);
            writeRows(out, yields);
        }
        Checkpoint.write(dir, CHECKPOINT, this, p, PAYLOAD, bytes.toByteArray());
    }

    private static void writeRows(DataOutputStream out, List<double[]> rows) throws IOException {
        out.writeInt(rows.size());
        for (double[] r : rows) {
            out.writeInt(r.length);
            for (double x : r) out.writeDouble(x);
        }
    }

    private static void readRows(DataInputStream in, List<double[]> rows) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("the sample rows are damaged (" + n + " rows)");
        for (int i = 0; i < n; i++) {
            int m = in.readInt();
            if (m < 0 || (long) m * Double.BYTES > in.available()) throw new IOException("a sample row is damaged (" + m + " entries)");
            double[] r = new double[m];
            for (int k = 0; k < m; k++) r[k] = in.readDouble();
            rows.add(r);
        }
    }

    private static double[] unbox(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).toArray(); }

    static String fmt(double x) { return String.format(Locale.ROOT, "%.4g", x); }

    /** The model's parameter values as plain arrays. */
    record Values(double[][] patches, double[] eps, double[] alpha, int species, double r0, double coreEps, double coreSigma, double coreAlpha) {
        static Values of(Ops o, PatchyModel m, PatchyParams p) {
            double[][] patches = new double[p.patches().length][];
            for (int t = 0; t < patches.length; t++) patches[t] = o.tensors().toDoubleArray(p.patches()[t].value());
            return new Values(patches, o.tensors().toDoubleArray(p.morseEps().value()), o.tensors().toDoubleArray(p.morseAlpha().value()),
                    m.patchSpecies(), p.morseR0().item(), p.coreEps().item(), p.coreSigma().item(), p.coreAlpha().item());
        }

        double[][] epsMatrix() { return square(eps); }

        double[][] alphaMatrix() { return square(alpha); }

        private double[][] square(double[] flat) {
            double[][] m = new double[species][species];
            for (int i = 0; i < species; i++) System.arraycopy(flat, i * species, m[i], 0, species);
            return m;
        }

        /** Patch positions [t][m][d] for the cluster analysis. */
        double[][][] patchFrames(PatchyModel m) {
            int d = m.dimension();
            double[][][] f = new double[patches.length][][];
            for (int t = 0; t < patches.length; t++) {
                f[t] = new double[patches[t].length / d][d];
                for (int k = 0; k < f[t].length; k++) System.arraycopy(patches[t], d * k, f[t][k], 0, d);
            }
            return f;
        }
    }
}
