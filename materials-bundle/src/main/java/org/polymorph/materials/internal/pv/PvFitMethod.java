package org.polymorph.materials.internal.pv;

import java.io.IOException;
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
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.PvVariables;
import org.polymorph.materials.pv.SunSpectrum;
import org.polymorph.optimizers.constrained.SlsqpResult;

/**
 * pv.fit: recovers design inputs (material parameters, doping, ...) from a measured J–V curve, as deltapv's inverse
 * problem ({@code optimize/multi.py}): SLSQP on the polar discrepancy with adjoint gradients ({@link PvFit}).
 * result.json: x (per variable path, in the variable's scale), theta (the design values), objective, iterations,
 * status, evaluations, gradient_evaluations; files fit.csv (iteration, objective, x...) and fit.png (objective
 * against iteration on a log axis; measured and fitted J–V).
 */
public final class PvFitMethod implements Method {
    @Override public String id() { return "pv.fit"; }

    @Override public String description() {
        return "fit design inputs of a drift-diffusion solar cell to a measured J-V curve (deltapv's inverse problem): SLSQP, adjoint gradients; fit.csv, fit.png";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("design", null, "start design: JSON file, or the design's JSON text itself (as pv.simulate)"),
                ParamSpec.text("variables", null, "JSON list (or file) of {\"path\": \"layers[0].material.Eg\" or a list of paths to tie, \"lower\": ..., \"upper\": ..., \"scale\": \"linear\"|\"log10\"}"),
                ParamSpec.text("measured", "", "CSV of the measured curve: bias V (V), current J (A/cm², positive at short circuit), a header line allowed"),
                ParamSpec.text("measured_design", "", "instead of measured: a design (file or JSON) whose simulated curve is the truth"),
                ParamSpec.integer("max_iterations", 50, "iterations", 1, 10_000, "most SLSQP iterations (deltapv's test uses 50)"),
                ParamSpec.real("tolerance", 1e-6, "", 1e-300, 1, "SLSQP stopping tolerance on the objective (scipy's ftol)"),
                ParamSpec.text("spectrum", "", "CSV of wavelength (nm), power (W/m²); empty: deltapv's default sun spectrum"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        PvDesign design = PvInputs.design(p.getString("design"), "design");
        PvVariables variables = PvVariables.parse(PvInputs.json(p.getString("variables"), "variables", "the variables"), design, "variables");
        SunSpectrum sun = PvInputs.spectrum(p.getString("spectrum"));
        PvFit.Curve measured = measured(p.getString("measured"), p.getString("measured_design"), sun);
        int maxIt = p.getInt("max_iterations");
        long t0 = System.nanoTime();
        PvFit.Outcome o = PvFit.run(design, variables, measured, sun, maxIt, p.getDouble("tolerance"),
                s -> progress.update(s.iteration(), maxIt, String.format(Locale.ROOT, "objective %.6e", s.objective())), progress::cancelled);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        SlsqpResult r = o.result();
        Map<String, Object> x = new LinkedHashMap<>(), theta = new LinkedHashMap<>();
        for (int k = 0; k < variables.size(); k++) {
            String path = variables.list().get(k).path();
            x.put(path, r.x()[k]);
            theta.put(path, variables.theta(k, r.x()[k]));
        }
        write(dir, variables, o, measured);
        return Result.builder().put("x", x).put("theta", theta).put("objective", r.f()).put("iterations", r.iterations())
                .put("status", r.status().name().toLowerCase(Locale.ROOT)).put("message", r.message()).put("success", r.success())
                .put("evaluations", r.functionEvaluations()).put("gradient_evaluations", r.gradientEvaluations())
                .put("start_objective", o.trace().get(0).objective()).put("seconds", seconds)
                .put("files", List.of("fit.csv", "fit.png")).build();
    }

    /** The measured curve: from the CSV, or simulated from {@code truth}; exactly one of them. */
    private static PvFit.Curve measured(String csv, String truth, SunSpectrum sun) {
        boolean hasCsv = !csv.isBlank(), hasTruth = !truth.isBlank();
        if (hasCsv == hasTruth) {
            throw BadInputException.forParam("measured", csv, hasCsv ? "is given together with measured_design" : "is missing",
                    "give either measured=<CSV of V, J> or measured_design=<design whose simulated curve is the truth>");
        }
        if (hasTruth) {
            PvDesign d = PvInputs.design(truth, "measured_design");
            try {
                return PvFit.Curve.of(PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower()), d.voltageStep());
            } catch (ArithmeticException e) {
                throw BadInputException.forParam("measured_design", PvInputs.abbreviate(truth), "cannot be simulated (" + e.getMessage() + ")",
                        "check its material parameters and doping");
            }
        }
        double[][] c = PvInputs.columns(csv, "measured", "give a CSV of bias V (V), current J (A/cm²), two numbers per line");
        if (c[0].length < 2) {
            throw BadInputException.forParam("measured", csv, "holds " + c[0].length + " points", "give at least 2 lines of V, J");
        }
        for (int k = 1; k < c[0].length; k++) {
            if (!(c[0][k] > c[0][k - 1])) {
                throw BadInputException.forParam("measured", csv, "has biases that do not increase (line " + (k + 1) + " of the data)",
                        "sort the curve by V, each bias once");
            }
        }
        return new PvFit.Curve(c[0], c[1]);
    }

    private static void write(RunDirectory dir, PvVariables variables, PvFit.Outcome o, PvFit.Curve measured) throws IOException {
        StringBuilder header = new StringBuilder("iteration,objective");
        for (PvVariables.Variable v : variables.list()) header.append(',').append(v.path());
        List<double[]> rows = new ArrayList<>();
        double[] its = new double[o.trace().size()], obj = new double[its.length];
        for (int i = 0; i < its.length; i++) {
            PvFit.Step s = o.trace().get(i);
            double[] row = new double[2 + s.x().length];
            row[0] = s.iteration();
            row[1] = s.objective();
            System.arraycopy(s.x(), 0, row, 2, s.x().length);
            rows.add(row);
            its[i] = s.iteration();
            obj[i] = Math.max(s.objective(), Double.MIN_NORMAL);
        }
        Outputs.csv(dir, "fit.csv", header.toString(), rows);
        dir.writeBytes("fit.png", Plot.png(List.of(
                new Plot.Panel(String.format(Locale.ROOT, "polar J-V discrepancy: %.4e -> %.4e", obj[0], obj[obj.length - 1]),
                        "iteration", "objective").linePoints("objective", its, obj).logY(),
                new Plot.Panel("J-V: measured and fitted", "V (V)", "J (mA/cm²)")
                        .points("measured", measured.v(), milli(measured.j()))
                        .linePoints("fitted", o.fittedCurve().v(), milli(o.fittedCurve().j())))));
    }

    private static double[] milli(double[] j) {
        double[] out = new double[j.length];
        for (int k = 0; k < j.length; k++) out[k] = 1e3 * j[k];
        return out;
    }
}
