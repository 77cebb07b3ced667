package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.materials.patchy.EquilibriumYields;

/**
 * patchy.yield: equilibrium yields of small patchy clusters by statistical mechanics ({@link EquilibriumYields}) over
 * a sweep of the patch–patch well depth, for one of two models ({@link YieldModels}): the self-assembly toolbox's
 * heterodimer ({@code model=toolbox-dimer}, depth D0) or 2D rings of two-patch particles ({@code model=ring2d}, depth
 * ε, rings of the listed sizes). yields.csv: one row per depth with each species' share of the bodies (and, for the
 * toolbox, its canonical 9 + 9 convention and the published simulation yield where known); result.json: the same
 * plus E₀, log Q and the reverse-mode gradient of the target's share w.r.t. the depth, the Morse range and the patch
 * geometry (patch height for the toolbox, opening angle for rings).
 */
public final class YieldMethod implements Method {
    private final Supplier<AD> ad;

    public YieldMethod(Supplier<AD> ad) { this.ad = ad; }

    @Override public String id() { return "patchy.yield"; }

    @Override public String description() {
        return "equilibrium yields of small patchy clusters (harmonic free energies + mass action, differentiable): toolbox "
                + "heterodimers or 2D rings; yields.csv";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("model", "toolbox-dimer", List.of("toolbox-dimer", "ring2d"),
                        "toolbox-dimer: the self-assembly toolbox's three-sphere, three-patch heterodimer; ring2d: 2D particles with "
                                + "two patches forming rings"),
                ParamSpec.realList("depth", List.of(6.0, 7.0, 8.0, 9.0, 10.0), "kT", 0.01, 1000, "patch well depths to sweep (D0 or ε)"),
                ParamSpec.real("range", 5.0, "1/length", 0.1, 100, "Morse α (the toolbox's a)"),
                ParamSpec.real("concentration", 0.001, "bodies/length^d", 1e-12, 1, "total body concentration, all types together"),
                ParamSpec.intList("rings", List.of(3, 4), null, 3, 12, "ring2d: ring sizes (cluster species) to include"),
                ParamSpec.real("opening", 60.0, "degrees", 1, 179, "ring2d: angle between the two patches seen from the centre"),
                ParamSpec.real("patch_radius", 0.45, "length", 0.01, 10, "ring2d: distance of the patches from the centre (core diameter 1)"),
                ParamSpec.real("core_eps", 100.0, "kT", 0.01, 1e6, "ring2d: soft-sphere core ε (σ = 1, α = 2)"),
                ParamSpec.integer("target", 0, null, 0, 100, "index of the cluster species whose share is differentiated"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        AD engine = ad.get();
        Ops o = engine.ops();
        YieldModels.Setup setup = YieldModels.setup(p);
        if (p.getInt("target") >= setup.species().size()) throw BadInputException.forParam("target", p.getInt("target"),
                "there are " + setup.species().size() + " cluster species", "give 0.." + (setup.species().size() - 1));
        List<Double> depths = p.getDoubleList("depth");
        List<double[]> rows = new ArrayList<>();
        Map<String, List<Double>> shares = new LinkedHashMap<>();
        Map<String, List<Double>> gradients = new LinkedHashMap<>();
        List<Map<String, Object>> energies = new ArrayList<>();
        List<String> names = setup.shareNames();
        for (String n : names) shares.put(n, new ArrayList<>());
        for (String g : setup.gradientNames()) gradients.put(g, new ArrayList<>());
        for (int i = 0; i < depths.size(); i++) {
            double depth = depths.get(i);
            YieldModels.Point pt = setup.evaluate(engine, depth, p.getInt("target"));
            double[] f = o.tensors().toDoubleArray(pt.yields().fractions().value());
            for (int k = 0; k < f.length; k++) shares.get(names.get(k)).add(f[k]);
            for (int k = 0; k < pt.gradient().length; k++) gradients.get(setup.gradientNames().get(k)).add(pt.gradient()[k]);
            Map<String, Object> fe = new LinkedHashMap<>();
            for (EquilibriumYields.FreeEnergy e : pt.yields().clusters()) {
                fe.put(e.name(), Map.of("E0", e.energy().item(), "logQ", e.logQ().item(), "logdetH", e.logDetHessian().item(),
                        "symmetry_number", e.symmetryNumber(), "mirror_images", e.mirrorImages()));
            }
            energies.add(fe);
            double[] row = new double[1 + f.length + pt.extra().length];
            row[0] = depth;
            System.arraycopy(f, 0, row, 1, f.length);
            System.arraycopy(pt.extra(), 0, row, 1 + f.length, pt.extra().length);
            rows.add(row);
            progress.update(i + 1, depths.size(), String.format(Locale.ROOT, "depth %.3f: target share %.4f", depth,
                    f[setup.types() + p.getInt("target")]));
        }
        Outputs.csv(dir, "yields.csv", "depth," + String.join(",", names) + setup.extraHeader(), rows);
        Result.Builder out = Result.builder().put("model", p.getString("model")).put("depth", depths).put("shares", shares)
                .put("free_energies", energies).put("target", names.get(setup.types() + p.getInt("target")))
                .put("gradient_of_target_share", gradients);
        setup.report(out, rows);
        return out.put("files", List.of("yields.csv")).build();
    }

    static String fmt(double v) { return String.format(Locale.ROOT, "%.4f", v); }

    static Var scalar(Ops o, double v) { return o.constant(new double[] {v}, 1); }
}
