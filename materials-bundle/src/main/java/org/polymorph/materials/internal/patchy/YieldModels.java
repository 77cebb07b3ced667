package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Result;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.PatchGeometry;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;

/** The models of patchy.yield: each builds its cluster species and evaluates yields and gradients at one well depth. */
final class YieldModels {
    /**
     * The 2D ring of n one-type bodies as a cluster species: a regular n-gon whose neighbouring centres are 2·radius apart
     * (edge 2·patch_radius, length), each body's angle facing the centre; σ found from the minimum.
     */
    static ClusterSpecies ring(int n, double radius) {
        double circumradius = radius / Math.sin(Math.PI / n);
        double[][] seed = new double[n][];
        for (int i = 0; i < n; i++) {
            double phi = 2 * Math.PI * i / n;
            seed[i] = new double[] {circumradius * Math.cos(phi), circumradius * Math.sin(phi), phi + Math.PI};
        }
        return new ClusterSpecies("ring" + n, new int[n], seed, null, 0);
    }

    private YieldModels() { }

    /** Yields at one depth; the gradient of the target's share w.r.t. {@link Setup#gradientNames()}; extra CSV columns. */
    record Point(EquilibriumYields.Yields yields, double[] gradient, double[] extra) { }

    interface Setup {
        List<ClusterSpecies> species();

        /** Body types T (monomer shares come first). */
        int types();

        List<String> shareNames();

        List<String> gradientNames();

        Point evaluate(AD ad, double depth, int target);

        /** ",name,..." of the extra columns, or "". */
        String extraHeader();

        void report(Result.Builder out, List<double[]> rows);

        /** Total concentrations per body type [T] (bodies per volume). */
        double[] totals();

        /** The model as a {@link ClusterCase} for the exact cluster integral, or null where it has none. */
        ClusterCase clusterCase();

        /** Extra columns from the integral's log K [K] (the toolbox's canonical 9 + 9 yield), "" and none by default. */
        default String integralExtraHeader() { return ""; }

        default double[] integralExtra(double[] logK) { return new double[0]; }
    }

    static Setup setup(Params p) {
        return switch (p.getString("model")) {
            case "ring2d" -> new Rings(p);
            case "trimer" -> new Trimer(p);
            default -> new Toolbox(p);
        };
    }

    /** The gradient of the target's share w.r.t. (depth, range, geometry) by reverse mode, with the yields themselves. */
    private static Point differentiate(AD ad, java.util.function.Function<Var[], EquilibriumYields.Yields> f, double[] x, int index,
                                       java.util.function.Function<EquilibriumYields.Yields, double[]> extra) {
        Ops o = ad.ops();
        Var[] at = new Var[x.length];
        for (int i = 0; i < x.length; i++) at[i] = o.constant(new double[] {x[i]}, 1);
        EquilibriumYields.Yields[] keep = new EquilibriumYields.Yields[1];
        Var[] g = ad.grad(v -> {
            keep[0] = f.apply(v);
            return o.sum(o.sliceAxis(keep[0].fractions(), 0, index, index + 1));
        }, at);
        double[] grad = new double[x.length];
        for (int i = 0; i < x.length; i++) grad[i] = g[i].item();
        EquilibriumYields.Yields y = f.apply(at);
        return new Point(y, grad, extra.apply(y));
    }

    /** The toolbox heterodimer: types A and B at c/2 each. */
    private static final class Toolbox implements Setup {
        private final double range;
        private final double concentration;

        Toolbox(Params p) {
            this.range = p.getDouble("range");
            this.concentration = p.getDouble("concentration");
        }

        public List<ClusterSpecies> species() { return List.of(ToolboxDimer.dimer()); }

        public int types() { return 2; }

        public List<String> shareNames() { return List.of("A", "B", "AB"); }

        public List<String> gradientNames() { return List.of("D0", "a", "patch_height"); }

        public Point evaluate(AD ad, double depth, int target) {
            Ops o = ad.ops();
            EquilibriumYields ey = new EquilibriumYields(ad, ToolboxDimer.model(range), 1.0);
            double half = concentration / 2;
            return differentiate(ad, v -> ey.yields(species(), ToolboxDimer.params(o, v[0], v[1], v[2]), new double[] {half, half}),
                    new double[] {depth, range, 0.3}, 2 + target, y -> {
                        double logK = y.clusters().get(0).logQ().item() - 2 * ey.logOrientationVolume();
                        double[] pub = ToolboxDimer.published(concentration, depth);
                        return new double[] {ToolboxDimer.canonicalYield(logK, 9, 9, 18 / concentration),
                            pub == null ? Double.NaN : pub[0], pub == null ? Double.NaN : pub[1]};
                    });
        }

        public String extraHeader() { return ",canonical_9_9,published_simulation,published_error"; }

        public double[] totals() { return new double[] {concentration / 2, concentration / 2}; }

        public ClusterCase clusterCase() { return ToolboxDimer.of(range); }

        @Override public String integralExtraHeader() { return ",canonical_9_9_integral"; }

        @Override public double[] integralExtra(double[] logK) {
            return new double[] {ToolboxDimer.canonicalYield(logK[0], 9, 9, 18 / concentration)};
        }

        public void report(Result.Builder out, List<double[]> rows) {
            List<Double> canonical = new ArrayList<>();
            for (double[] r : rows) {
                canonical.add(r[4]);
                if (!Double.isNaN(r[5])) out.summary("D0 = " + YieldMethod.fmt(r[0]) + ": dimer yield (toolbox convention, 9 + 9 bodies) "
                        + YieldMethod.fmt(r[4]) + ", published simulation " + YieldMethod.fmt(r[5]) + " ± " + YieldMethod.fmt(r[6])
                        + "; share of bodies in dimers (mass action) " + YieldMethod.fmt(r[3]));
            }
            out.put("canonical_dimer_yield", canonical);
        }
    }

    /** 2D particles (core diameter 1 at the centre, two patches at ±opening/2), rings of the listed sizes. */
    private static final class Rings implements Setup {
        private final double range, opening, radius, coreEps, concentration;
        private final List<ClusterSpecies> species = new ArrayList<>();

        Rings(Params p) {
            this.range = p.getDouble("range");
            this.opening = Math.toRadians(p.getDouble("opening"));
            this.radius = p.getDouble("patch_radius");
            this.coreEps = p.getDouble("core_eps");
            this.concentration = p.getDouble("concentration");
            List<Integer> sizes = p.getIntList("rings");
            if (sizes.isEmpty()) throw BadInputException.forParam("rings", sizes, "no ring size", "give sizes such as 3,4");
            for (int n : sizes) species.add(ring(n, radius));
        }


        public List<ClusterSpecies> species() { return species; }

        public int types() { return 1; }

        public List<String> shareNames() {
            List<String> n = new ArrayList<>(List.of("monomer"));
            for (ClusterSpecies s : species) n.add(s.name());
            return n;
        }

        public List<String> gradientNames() { return List.of("eps", "alpha", "opening_rad"); }

        public Point evaluate(AD ad, double depth, int target) {
            Ops o = ad.ops();
            PatchyModel m = new PatchyModel(2, List.of(new BodyType("P", new double[][] {{0, 0}}, new int[] {0, 0})), 1, Cutoff.jaxMd(1.0));
            EquilibriumYields ey = new EquilibriumYields(ad, m, 1.0);
            try {
                return differentiate(ad, v -> {
                    Var half = v[2].mul(0.5);
                    Var patches = PatchGeometry.circle(o, o.concat(0, half, half.neg()), radius);
                    PatchyParams p = new PatchyParams(new Var[] {patches}, o.reshape(v[0], 1, 1), o.reshape(v[1], 1, 1), YieldMethod.scalar(o, 0),
                            YieldMethod.scalar(o, coreEps), YieldMethod.scalar(o, 1), YieldMethod.scalar(o, 2));
                    return ey.yields(species, p, new double[] {concentration});
                }, new double[] {depth, range, opening}, 1 + target, y -> new double[0]);
            } catch (ArithmeticException e) {
                throw BadInputException.forParam("rings", species.stream().map(ClusterSpecies::name).toList(), e.getMessage(),
                        "change the ring sizes, the opening angle or patch_radius so that every ring has a rigid minimum");
            }
        }

        public String extraHeader() { return ""; }

        public double[] totals() { return new double[] {concentration}; }

        public ClusterCase clusterCase() { return null; }

        public void report(Result.Builder out, List<double[]> rows) {
            for (double[] r : rows) {
                StringBuilder sb = new StringBuilder("eps = " + YieldMethod.fmt(r[0]) + ": monomer " + YieldMethod.fmt(r[1]));
                for (int k = 0; k < species.size(); k++) sb.append(", ").append(species.get(k).name()).append(' ').append(YieldMethod.fmt(r[2 + k]));
                out.summary(sb.toString());
            }
        }
    }

    /** The 2D linear heterotrimer A–B–C ({@link LinearTrimer}): types A, B, C at c/3 each; species AB, BC, ABC. */
    private static final class Trimer implements Setup {
        private final LinearTrimer trimer;
        private final double concentration;

        Trimer(Params p) {
            this.trimer = new LinearTrimer(p.getDouble("patch_radius"), Math.toRadians(p.getDouble("opening")), p.getDouble("core_eps"),
                    p.getDouble("range"));
            this.concentration = p.getDouble("concentration");
        }

        public List<ClusterSpecies> species() { return trimer.species(); }

        public int types() { return 3; }

        public List<String> shareNames() { return List.of("A", "B", "C", "AB", "BC", "ABC"); }

        public List<String> gradientNames() { return List.of("eps"); }

        public Point evaluate(AD ad, double depth, int target) {
            EquilibriumYields ey = new EquilibriumYields(ad, trimer.model(), 1.0);
            double third = concentration / 3;
            return differentiate(ad, v -> ey.yields(species(), trimer.params(ad.ops(), v[0]), new double[] {third, third, third}),
                    new double[] {depth}, 3 + target, y -> new double[0]);
        }

        public String extraHeader() { return ""; }

        public double[] totals() { return new double[] {concentration / 3, concentration / 3, concentration / 3}; }

        public ClusterCase clusterCase() { return trimer; }

        public void report(Result.Builder out, List<double[]> rows) {
            for (double[] r : rows) out.summary("eps = " + YieldMethod.fmt(r[0]) + " (harmonic): AB " + YieldMethod.fmt(r[4]) + ", BC "
                    + YieldMethod.fmt(r[5]) + ", ABC " + YieldMethod.fmt(r[6]));
        }
    }
}
