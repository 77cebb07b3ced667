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
import org.polymorph.materials.patchy.BondRule;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * patchy.yield: equilibrium yields of small patchy clusters by statistical mechanics ({@link EquilibriumYields}) over
 * a sweep of the patch–patch well depth, for one of three models ({@link YieldModels}): the self-assembly toolbox's
 * heterodimer ({@code model=toolbox-dimer}, depth D0), 2D rings of two-patch particles ({@code model=ring2d}, depth
 * ε, rings of the listed sizes) or the 2D linear heterotrimer ({@code model=trimer}, {@link LinearTrimer}). yields.csv:
 * one row per depth with each species' share of the bodies (and, for the toolbox, its canonical 9 + 9 convention and
 * the published simulation yield where known); with {@code samples} > 0 also, per species, the mass-action share from
 * the exact cluster integral ({@link org.polymorph.materials.patchy.ClusterIntegral}), its log K and Monte Carlo error
 * (and the toolbox's canonical 9 + 9 yield from it); result.json: the same plus E₀, log Q and the reverse-mode gradient
 * of the target's share w.r.t. the depth, the Morse range and the patch geometry (patch height for the toolbox, opening
 * angle for rings; the depth alone for the trimer).
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
                ParamSpec.choice("model", "toolbox-dimer", List.of("toolbox-dimer", "ring2d", "trimer"),
                        "toolbox-dimer: the self-assembly toolbox's three-sphere, three-patch heterodimer; ring2d: 2D particles with "
                                + "two patches forming rings; trimer: the 2D linear heterotrimer A–B–C (species AB, BC, ABC)"),
                ParamSpec.realList("depth", List.of(6.0, 7.0, 8.0, 9.0, 10.0), "kT", 0.01, 1000, "patch well depths to sweep (D0 or ε)"),
                ParamSpec.real("range", 5.0, "1/length", 0.1, 100, "Morse α (the toolbox's a)"),
                ParamSpec.real("concentration", 0.001, "bodies/length^d", 1e-12, 1, "total body concentration, all types together"),
                ParamSpec.intList("rings", List.of(3, 4), null, 3, 12, "ring2d: ring sizes (cluster species) to include"),
                ParamSpec.real("opening", 60.0, "degrees", 1, 180, "ring2d, trimer: angle between the two patches (B's for the trimer) seen "
                        + "from the centre"),
                ParamSpec.real("patch_radius", 0.45, "length", 0.01, 10, "ring2d, trimer: distance of the patches from the centre (core diameter 1)"),
                ParamSpec.real("core_eps", 100.0, "kT", 0.01, 1e6, "ring2d, trimer: soft-sphere core ε (σ = 1, α = 2)"),
                ParamSpec.integer("samples", 0, null, 0, Long.MAX_VALUE / 2, "toolbox-dimer, trimer: Monte Carlo draws per cluster species "
                        + "for the exact cluster integral next to the harmonic free energy (0: harmonic only)"),
                ParamSpec.real("bond_energy", -1.0, "kT", -1e6, -1e-9, "the integral's bond rule: patches bond when their Morse pair energy "
                        + "is below this (as patchy.simulate's cluster analysis)"),
                ParamSpec.integer("seed", 1, null, 0, Long.MAX_VALUE / 2, "seed of the cluster integral's draws"),
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
        long samples = ((Number) p.get("samples")).longValue();
        ClusterCase cc = setup.clusterCase();
        if (samples > 0 && cc == null) throw BadInputException.forParam("samples", samples, "model " + p.getString("model")
                + " has no cluster-integral route", "give samples=0, or model=toolbox-dimer or trimer");
        StringBuilder integralHeader = new StringBuilder();
        if (samples > 0) {
            for (ClusterSpecies s : cc.species()) integralHeader.append(',').append(s.name()).append("_integral,").append(s.name())
                    .append("_logK_integral,").append(s.name()).append("_logK_integral_error");
            integralHeader.append(setup.integralExtraHeader());
        }
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
            double[] integral = samples > 0 ? integral(engine, cc, setup, depth, p, samples) : new double[0];
            double[] row = new double[1 + f.length + pt.extra().length + integral.length];
            row[0] = depth;
            System.arraycopy(f, 0, row, 1, f.length);
            System.arraycopy(pt.extra(), 0, row, 1 + f.length, pt.extra().length);
            System.arraycopy(integral, 0, row, 1 + f.length + pt.extra().length, integral.length);
            rows.add(row);
            if (samples > 0) progress.message(integralSummary(depth, cc, integral, setup.integralExtraHeader()));
            progress.update(i + 1, depths.size(), String.format(Locale.ROOT, "depth %.3f: target share %.4f", depth,
                    f[setup.types() + p.getInt("target")]));
        }
        Outputs.csv(dir, "yields.csv", "depth," + String.join(",", names) + setup.extraHeader() + integralHeader, rows);
        Result.Builder out = Result.builder().put("model", p.getString("model")).put("depth", depths).put("shares", shares)
                .put("free_energies", energies).put("target", names.get(setup.types() + p.getInt("target")))
                .put("gradient_of_target_share", gradients);
        setup.report(out, rows);
        if (samples > 0) {
            int at = 1 + names.size() + (setup.extraHeader().isEmpty() ? 0 : setup.extraHeader().split(",").length - 1);
            for (double[] r : rows) out.summary(integralSummary(r[0], cc, java.util.Arrays.copyOfRange(r, at, r.length), setup.integralExtraHeader()));
        }
        return out.put("files", List.of("yields.csv")).build();
    }

    /**
     * The exact cluster integral at one depth (kT = 1): per species its mass-action share at the setup's totals, log K and
     * its Monte Carlo error, then the setup's extra columns from those log K.
     */
    private static double[] integral(AD engine, ClusterCase cc, YieldModels.Setup setup, double depth, Params p, long samples) {
        PatchyParams params = cc.params(engine.ops(), depth);
        SimulateMethod.Values v = SimulateMethod.Values.of(engine.ops(), cc.model(), params);
        BondRule rule = BondRule.energy(p.getDouble("bond_energy"), v.epsMatrix(), v.alphaMatrix(), v.r0(), cc.model().cutoff());
        Predictions.Constants k = Predictions.constants(engine, cc, params, 1.0, rule, samples, ((Number) p.get("seed")).longValue());
        double[] shares = Predictions.massAction(engine, k.counts(), k.integral(), setup.totals());
        double[] extra = setup.integralExtra(k.integral());
        double[] out = new double[3 * shares.length + extra.length];
        for (int s = 0; s < shares.length; s++) {
            out[3 * s] = shares[s];
            out[3 * s + 1] = k.integral()[s];
            out[3 * s + 2] = k.integralError()[s];
        }
        System.arraycopy(extra, 0, out, 3 * shares.length, extra.length);
        return out;
    }

    private static String integralSummary(double depth, ClusterCase cc, double[] values, String extraHeader) {
        StringBuilder sb = new StringBuilder("depth " + fmt(depth) + " (exact cluster integral):");
        List<ClusterSpecies> species = cc.species();
        for (int s = 0; s < species.size(); s++) sb.append(String.format(Locale.ROOT, " %s share %.4f, log K %.4f ± %.4f;", species.get(s).name(),
                values[3 * s], values[3 * s + 1], values[3 * s + 2]));
        String[] extra = extraHeader.isEmpty() ? new String[0] : extraHeader.substring(1).split(",");
        for (int e = 0; e < extra.length; e++) sb.append(' ').append(extra[e]).append(' ').append(fmt(values[3 * species.size() + e]));
        return sb.toString();
    }

    static String fmt(double v) { return String.format(Locale.ROOT, "%.4f", v); }

    static Var scalar(Ops o, double v) { return o.constant(new double[] {v}, 1); }
}
