package org.polymorph.materials.internal.method;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.minimize.Fire;
import org.polymorph.materials.internal.minimize.Idpp;
import org.polymorph.materials.internal.minimize.Neb;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Relaxation;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;

/**
 * md.neb: the minimum-energy path and barrier between two structures (the same atoms in the same
 * order and cell) by the nudged elastic band with the climbing image, as ASE's NEB(climb=True) with
 * FIRE: end points relaxed first (optional), images interpolated linearly towards the minimum image
 * (or relaxed on the IDPP surface, {@link Idpp}), moved until every atom's NEB force is below {@code fmax}. Writes neb.csv and neb.png (energy along
 * the path), path.extxyz (every image, ends included), saddle.extxyz, and {@value #CHECKPOINT} every
 * {@code checkpoint_every} steps, at the end and when cancelled; {@code resume=true} continues from it.
 */
public final class NebMethod implements Method {
    private final PotentialCatalog potentials;

    /** {@code potentials}: the pair styles that {@code potential=} names. */
    public NebMethod(PotentialCatalog potentials) { this.potentials = potentials; }

    static final String CHECKPOINT = "checkpoint.bin";
    /** Version of the checkpoint's payload: a JSON object of FIRE's state (step, dt, alpha, positive, velocities) and the interior images. */
    static final int PAYLOAD_VERSION = 1;
    private static final double MAX_STEP = 0.2;   // Å over the whole band, as ASE's FIRE maxstep
    private static final double IDPP_FMAX = 0.1;  // Å⁻³, ASE's idpp_interpolate default
    private static final int IDPP_STEPS = 1000;

    @Override public String id() { return "md.neb"; }

    @Override public String description() {
        return "nudged elastic band with climbing image between initial= and final= structures: barrier (eV), energies along the path; "
                + "neb.csv/png, path.extxyz, saddle.extxyz, checkpoint.bin (resume=true)";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(List.of(
                ParamSpec.path("initial", null, "initial structure file (extxyz, POSCAR, CIF, LAMMPS data)"),
                ParamSpec.path("final", null, "final structure file: the same atoms in the same order, the same cell"),
                ParamSpec.choice("format", "auto", Structures.FORMATS, "format of both files (auto: from their names)"), Structures.ELEMENTS),
                Structures.potentialParams(potentials), List.of(
                ParamSpec.integer("images", 7, "images", 1, 200, "interior images between the two ends"),
                ParamSpec.choice("interpolate", "linear", List.of("linear", "idpp"),
                        "starting path: linear, or the NEB on the image-dependent pair potential (ASE's interpolate('idpp'); O(N²) per image)"),
                ParamSpec.real("spring", 0.1, "eV/Å²", 1e-6, 1e4, "spring constant between neighbouring images (ASE's k)"),
                ParamSpec.bool("climb", true, "the highest image climbs to the saddle point (climbing-image NEB)"),
                ParamSpec.real("fmax", 0.01, "eV/Å", 1e-8, 1e3, "stop when every atom's NEB force is below this"),
                ParamSpec.integer("steps", 2000, "steps", 0, 10_000_000, "most FIRE steps of the band (the total, counting resumed ones)"),
                ParamSpec.bool("relax_endpoints", true, "relax both ends (positions, L-BFGS to fmax/10) before building the band"),
                ParamSpec.real("skin", 0.5, "Å", 0, 10, "neighbour-list skin"),
                ParamSpec.integer("checkpoint_every", 50, "steps", 1, 10_000_000, "write checkpoint.bin every this many steps (and at the end)"),
                ParamSpec.bool("resume", false, "continue from checkpoint.bin in the run directory (--out of the earlier run)")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Atoms initial = Structures.file(p, "initial");
        Atoms fin = Structures.file(p, "final");
        Potential pot = Structures.potential(potentials, p, initial);
        ForceField ff = PotentialForceField.of(pot, p.getDouble("skin"));
        double fmax = p.getDouble("fmax");
        if (p.getBoolean("relax_endpoints")) {
            progress.message("relaxing the end points");
            Criteria c = new Criteria(fmax / 10, 1, 100_000);
            initial = relaxed(new CancellableForceField(new RelaxationGuard(ff, "md.neb's relaxation of initial"), progress,
                    "md.neb's relaxation of the ends"), c, initial, "initial");
            fin = relaxed(new CancellableForceField(new RelaxationGuard(ff, "md.neb's relaxation of final"), progress,
                    "md.neb's relaxation of the ends"), c, fin, "final");
        }
        int images = p.getInt("images");
        double[][] saved = null;
        Fire.Motion motion = new Fire.Motion(images * 3 * initial.size(), MAX_STEP);
        if (p.getBoolean("resume")) {
            saved = restore(dir, p, motion);
        } else if ("idpp".equals(p.getString("interpolate"))) {
            progress.message("md.neb: starting path on the IDPP surface");
            saved = Idpp.path(initial, fin, images, p.getDouble("spring"), IDPP_FMAX, IDPP_STEPS, () -> progress.checkCancelled("md.neb's IDPP start"));
        }
        Neb neb;
        try {
            neb = new Neb(Neb.of(ff, images), initial, fin, images, p.getDouble("spring"), p.getBoolean("climb"), saved);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("final", p.getString("final"), e.getMessage(), "give the initial structure's atoms, in its order and cell, at their final positions");
        }
        int steps = p.getInt("steps");
        int every = p.getInt("checkpoint_every");
        Neb.Forces f = neb.forces();
        double[] e0 = neb.energies();
        double startBarrier = max(e0) - e0[0];
        progress.message(String.format(Locale.ROOT, "md.neb: %d images of %d atoms%s", images, initial.size(),
                saved == null ? "" : ", resumed at step " + motion.steps));
        while (f.fmax() >= fmax && motion.steps < steps) {
            Checkpoint.writeIfCancelled(progress, "step " + motion.steps + " of at most " + steps, () -> save(dir, p, motion, neb));
            try {
                neb.move(motion.move(f.vector()));
                f = neb.forces();
            } catch (ArithmeticException | IllegalStateException e) {
                throw new ArithmeticException("md.neb step " + motion.steps + ": " + e.getMessage());
            }
            double[] e = neb.energies();
            checkRunaway(neb, e, e0, motion.steps, initial.size());
            if (motion.steps % 10 == 0) {
                progress.update(motion.steps, steps, String.format(Locale.ROOT, "max NEB force %.3g eV/Å, highest image %.6g eV above the start", f.fmax(),
                        max(e) - e[0]));
            }
            if (motion.steps % every == 0) save(dir, p, motion, neb);
        }
        save(dir, p, motion, neb);
        return report(dir, neb, f, motion.steps, f.fmax() < fmax, pot, t0).put("start_barrier", startBarrier).build();
    }

    /** Fails when an image's energy ran away ({@link Runaway}) from its energy at the start of the band. */
    private static void checkRunaway(Neb neb, double[] e, double[] e0, int step, int atoms) {
        for (int k = 1; k < e.length - 1; k++) {
            if (Runaway.ranAway(e[k], e0[k], atoms)) throw Runaway.failure("md.neb step " + step + ", image " + k, e[k], e0[k], atoms, neb.forces(k));
        }
    }

    private static Atoms relaxed(ForceField ff, Criteria c, Atoms a, String which) {
        Relaxation r = Minimizers.lbfgs(ff, c).minimize(a);
        if (!r.converged()) {
            throw BadInputException.forParam(which, "", "its relaxation did not converge (largest force " + r.fmax() + " eV/Å after " + r.steps() + " steps)",
                    "check the structure, or give relax_endpoints=false with relaxed ends");
        }
        return r.atoms();
    }

    /** neb.png's panel: the energy of each image relative to the first (eV) against the path length s (Å), a marker per image. */
    static Plot.Panel plot(double[] s, double[] rel) {
        return new Plot.Panel("nudged elastic band", "path length (Å)", "E − E(initial) (eV)").linePoints("images", s, rel);
    }

    /** The outputs and the result (open for more values). */
    private Result.Builder report(RunDirectory dir, Neb neb, Neb.Forces f, int steps, boolean converged, Potential pot, long t0) throws Exception {
        double[] e = neb.energies();
        double[] s = neb.coordinate();
        int top = 1;
        for (int k = 1; k < e.length - 1; k++) if (e[k] > e[top]) top = k;
        List<Atoms> structures = neb.structures();
        List<double[]> rows = new ArrayList<>();
        double[] rel = new double[e.length];
        for (int k = 0; k < e.length; k++) {
            rel[k] = e[k] - e[0];
            rows.add(new double[] {k, s[k], e[k], rel[k]});
        }
        Outputs.csv(dir, "neb.csv", "image,path_A,energy_eV,relative_eV", rows);
        dir.writeBytes("neb.png", Plot.png(List.of(plot(s, rel))));
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < e.length; k++) {
            Evaluation ev = new Evaluation(e[k], neb.forces(k), new double[6]);
            frames.add(Outputs.frame(structures.get(k), null, ev, Map.of("image", String.valueOf(k))));
        }
        Outputs.extxyz(dir, "path.extxyz", frames);
        Outputs.extxyz(dir, "saddle.extxyz", List.of(frames.get(top)));
        double saddleForce = Neb.largestForce(neb.forces(top));
        Result.Builder out = Result.builder().put("natoms", structures.get(0).size()).put("images", neb.images()).put("converged", converged)
                .put("steps", steps).put("fmax", f.fmax()).put("barrier", e[top] - e[0]).put("reverse_barrier", e[top] - e[e.length - 1])
                .put("reaction_energy", e[e.length - 1] - e[0]).put("saddle_image", top).put("climbing_image", f.climbing())
                .put("saddle_force", saddleForce).put("energies", list(e)).put("path_length", list(s)).put("potential", pot.style())
                .put("seconds", (System.nanoTime() - t0) / 1e9);
        out.summary(String.format(Locale.ROOT, "%s after %d steps: barrier %.6g eV (reverse %.6g eV, reaction energy %.6g eV) at image %d; "
                        + "max NEB force %.3g eV/Å, max force at the saddle image %.3g eV/Å",
                converged ? "converged" : "NOT converged", steps, e[top] - e[0], e[top] - e[e.length - 1], e[e.length - 1] - e[0], top, f.fmax(), saddleForce));
        return out;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static List<Double> list(double[] v) { return java.util.Arrays.stream(v).boxed().toList(); }

    private void save(RunDirectory dir, Params p, Fire.Motion m, Neb neb) throws java.io.IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("step", m.steps);
        c.put("dt", m.dt);
        c.put("alpha", m.alpha);
        c.put("positive", m.positive);
        c.put("velocities", m.v);
        c.put("images", neb.interior());
        Checkpoint.write(dir, CHECKPOINT, this, p, PAYLOAD_VERSION, Json.write(c, false).getBytes(StandardCharsets.UTF_8));
    }

    /** The saved images [images][3N]; restores the FIRE state into {@code m}. */
    @SuppressWarnings("unchecked")
    private double[][] restore(RunDirectory dir, Params p, Fire.Motion m) {
        Checkpoint cp = Checkpoint.resume(dir, CHECKPOINT, this, p);
        Path file = dir.resolve(CHECKPOINT);
        if (cp.payloadVersion() != PAYLOAD_VERSION) {
            throw BadInputException.forParam("resume", true, file + " has payload version " + cp.payloadVersion() + " and this build reads "
                    + PAYLOAD_VERSION, "start a new run directory");
        }
        Map<String, Object> c = (Map<String, Object>) Json.parse(new String(cp.payload(), StandardCharsets.UTF_8));
        m.steps = ((Number) c.get("step")).intValue();
        m.dt = ((Number) c.get("dt")).doubleValue();
        m.alpha = ((Number) c.get("alpha")).doubleValue();
        m.positive = ((Number) c.get("positive")).intValue();
        double[] v = Json.doubles(c.get("velocities"));
        if (v.length != m.v.length) throw BadInputException.forParam("resume", true, file + " holds another band", "start a new run directory");
        System.arraycopy(v, 0, m.v, 0, v.length);
        List<Object> images = (List<Object>) c.get("images");
        double[][] out = new double[images.size()][];
        for (int k = 0; k < out.length; k++) out[k] = Json.doubles(images.get(k));
        return out;
    }
}
