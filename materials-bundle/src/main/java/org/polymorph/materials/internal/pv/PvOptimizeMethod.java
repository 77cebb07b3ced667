package org.polymorph.materials.internal.pv;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.polymorph.materials.pv.DesignInputs;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.PvVariables;
import org.polymorph.materials.pv.SunSpectrum;

/**
 * pv.optimize: maximises a design's PCE over chosen variables with bounds and linear band-alignment constraints
 * ({@link PvOptimizer}, as deltapv's {@code optimize/psc.py}). result.json: strategy, solves, initial_PCE, best_PCE (%),
 * best_x and best_theta (by design path), iterations, slsqp_status, rejected, failed_solves; files history.csv,
 * pce_vs_solves.png, best_design.json (a design pv.simulate reads) and best_iv.csv.
 */
public final class PvOptimizeMethod implements Method {
    @Override public String id() { return "pv.optimize"; }

    @Override public String description() {
        return "maximise a solar cell's PCE over design variables (bounds, band-alignment constraints) by SLSQP with adjoint "
                + "gradients, or random search; a design whose J-V solve fails counts as a solve with PCE 0 and a zero gradient; "
                + "history.csv, pce_vs_solves.png, best_design.json, best_iv.csv";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("design", null, "start design: JSON file, or the design's JSON text itself (as pv.simulate)"),
                ParamSpec.text("spectrum", "", "CSV of wavelength (nm), power (W/m²); empty: deltapv's default sun spectrum"),
                ParamSpec.text("variables", null, "JSON file or inline list of {\"path\", \"lower\", \"upper\", \"scale\": linear|log10|neglog10}"),
                ParamSpec.text("constraints", "[]", "JSON file or inline list of inequalities, e.g. [\"layers[0].flatband_wf - layers[0].material.Chi >= 0\"]"),
                ParamSpec.choice("strategy", "slsqp", List.of("slsqp", "random"), "SLSQP with exact gradients, or uniform random search in the bounds"),
                ParamSpec.integer("max_iterations", 50, "iterations", 1, 100_000, "most SLSQP iterations (psc.py: 50)"),
                ParamSpec.integer("samples", 200, "designs", 1, 10_000_000, "random designs solved (strategy=random)"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of the random search"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        PvDesign design = PvInputs.design(p.getString("design"), "design");
        SunSpectrum sun = PvInputs.spectrum(p.getString("spectrum"));
        PvVariables vars = PvVariables.parse(PvInputs.json(p.getString("variables"), "variables", "the variables"), design, "variables");
        checkBounds(design, vars);
        PvConstraints constraints = PvConstraints.parse(texts(PvInputs.json(p.getString("constraints"), "constraints", "the constraints")),
                new HashSet<>(DesignInputs.names(design)), "constraints");
        String strategy = p.getString("strategy");
        long t0 = System.nanoTime();
        PvOptimizer opt = new PvOptimizer(design, sun, vars, constraints, progress);
        PvOptimizer.Outcome out = strategy.equals("random") ? opt.random(p.getInt("samples"), p.getInt("seed"))
                : opt.slsqp(p.getInt("max_iterations"));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        List<PvOptimizer.Solve> solves = out.solves();
        int failed = 0;
        for (PvOptimizer.Solve s : solves) if (s.failed()) failed++;
        Result.Builder r = Result.builder().put("strategy", strategy).put("solves", solves.size()).put("initial_PCE", out.initialPce())
                .put("iterations", out.iterations()).put("slsqp_status", out.status()).put("rejected", out.rejected())
                .put("failed_solves", failed).put("seconds", seconds);
        List<String> files = new ArrayList<>(List.of("history.csv", "pce_vs_solves.png"));
        writeHistory(dir, solves);
        if (out.best() >= 0) {
            double[] x = solves.get(out.best()).x();
            Map<String, Double> bx = new LinkedHashMap<>(), bt = new LinkedHashMap<>();
            for (int k = 0; k < x.length; k++) {
                bx.put(vars.list().get(k).path(), x[k]);
                bt.put(vars.list().get(k).path(), vars.theta(k, x[k]));
            }
            dir.writeJson("best_design.json", vars.apply(design, x).toJson());
            writeIv(dir, out.bestForward());
            files.addAll(List.of("best_design.json", "best_iv.csv"));
            r.put("best_PCE", solves.get(out.best()).pce()).put("best_solve", out.best() + 1).put("best_x", bx).put("best_theta", bt);
            r.summary(String.format(Locale.ROOT, "PCE %.4f %% -> %.4f %% (best at solve %d of %d)", out.initialPce(),
                    solves.get(out.best()).pce(), out.best() + 1, solves.size()));
        } else {
            r.warn("no solved design met the constraints; best_design.json and best_iv.csv are not written");
        }
        return r.put("files", files).build();
    }

    /** Every variable at its lower bound, then at its upper bound, must give a valid design. */
    private static void checkBounds(PvDesign design, PvVariables vars) {
        for (String side : List.of("lower", "upper")) {
            try {
                vars.apply(design, side.equals("lower") ? vars.lower() : vars.upper());
            } catch (BadInputException e) {
                throw BadInputException.forParam("variables", e.parameter().orElse("?"), "give an invalid design at their " + side
                        + " bounds (" + e.getMessage() + ")", "narrow the bounds to values the design file accepts");
            }
        }
    }

    private static List<String> texts(Object json) {
        if (!(json instanceof List<?> list)) {
            throw BadInputException.forParam("constraints", json, "is not a list", "give a list of strings such as [\"layers[0].material.Chi >= 3.9\"]");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            if (!(list.get(k) instanceof String s)) {
                throw BadInputException.forParam("constraints[" + k + "]", list.get(k), "is not a string", "write the inequality as text");
            }
            out.add(s);
        }
        return out;
    }

    private static void writeHistory(RunDirectory dir, List<PvOptimizer.Solve> solves) throws IOException {
        List<double[]> rows = new ArrayList<>();
        double[] idx = new double[solves.size()], pce = new double[solves.size()], best = new double[solves.size()];
        double b = Double.NaN;
        for (int k = 0; k < solves.size(); k++) {
            PvOptimizer.Solve s = solves.get(k);
            if (s.feasible() && !s.failed() && !(s.pce() <= b)) b = s.pce();
            idx[k] = k + 1;
            pce[k] = s.pce();
            best[k] = b;
            rows.add(new double[] {k + 1, s.pce(), b, s.feasible() ? 1 : 0, s.failed() ? 1 : 0});
        }
        Outputs.csv(dir, "history.csv", "solve,PCE_percent,best_PCE_percent,feasible,failed", rows);
        dir.writeBytes("pce_vs_solves.png", Plot.png(List.of(new Plot.Panel("PCE against J-V solves", "solve", "PCE (%)")
                .points("PCE", idx, pce).add("best feasible so far", idx, best))));
    }

    private static void writeIv(RunDirectory dir, PvSimulator.Result r) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < r.voltage().length; k++) rows.add(new double[] {r.voltage()[k], r.current()[k], r.voltage()[k] * r.current()[k] * 1e4});
        Outputs.csv(dir, "best_iv.csv", "V_V,J_A_per_cm2,P_W_per_m2", rows);
    }
}
