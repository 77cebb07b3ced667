package org.polymorph.materials.internal.crystal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.materials.structure.Atoms;

/**
 * crystal.predict's files and result: {@code amorphous.extxyz} and {@code .cif}, {@code melt_quench.csv} (step, time ps,
 * target and actual temperature K, potential and conserved energy eV), {@code candidates.csv} (one row per subcell),
 * {@code groups.csv} (one row per group: count, lowest energy per atom eV/atom, space group), {@code candidates/*.cif}
 * (each group's lowest member), {@code references.csv} (library polymorphs relaxed under the potential) and
 * {@code energy_histogram.png} (valid candidates' energies per atom, one series per space group).
 */
final class PredictReport {
    /** Histogram bins of the energy plot. */
    static final int BINS = 40;
    static final String UNCLASSIFIED = "unclassified";
    /** Series of the energy histogram: the most populous space groups, the last one "other space groups" when more. */
    static final int SERIES = 6;
    static final String OTHER = "other space groups";

    private PredictReport() { }

    static void write(RunDirectory dir, PredictCheckpoint.Amorphous am, List<Subcells.Subcell> cut, List<SubcellRelaxer.Outcome> done,
                      Prediction pr) throws IOException {
        Outputs.extxyz(dir, "amorphous.extxyz", List.of(Outputs.frame(am.atoms(), null, null, Map.of())));
        dir.writeFile("amorphous.cif", path -> StructureFiles.writeCif(path, am.atoms()));
        Outputs.csv(dir, "melt_quench.csv", "step,time_ps,target_K,temperature_K,potential_energy_eV,conserved_energy_eV", am.thermo());
        Map<Integer, Integer> rank = new LinkedHashMap<>();
        for (int r = 0; r < pr.ranked().size(); r++) rank.put(pr.ranked().get(r).index(), r + 1);
        Map<Integer, Integer> groupOf = new LinkedHashMap<>();
        for (int g = 0; g < pr.groups().size(); g++) for (int i : pr.groups().get(g).members()) groupOf.put(i, g + 1);
        StringBuilder c = new StringBuilder("subcell,natoms,composition,lo,hi,initial_energy_per_atom_eV,energy_per_atom_eV,steps,converged,valid,rank,group,"
                + "spacegroup_number,spacegroup_symbol,reason\n");
        for (int k = 0; k < done.size(); k++) {
            SubcellRelaxer.Outcome o = done.get(k);
            Subcells.Subcell s = cut.get(k);
            Optional<SpaceGroupOf.Classified> sg = Optional.ofNullable(pr.classes().get(k));
            c.append(k).append(',').append(s.size()).append(',').append(Composition.of(o.atoms().types(), o.atoms().typeNames()).reduced()).append(',')
                    .append(join(s.lo())).append(',').append(join(s.hi())).append(',').append(o.initialEnergy() / s.size()).append(',')
                    .append(o.energyPerAtom()).append(',').append(o.steps()).append(',').append(o.converged()).append(',')
                    .append(pr.rejected().get(k).isEmpty()).append(',').append(rank.getOrDefault(k, 0)).append(',').append(groupOf.getOrDefault(k, 0))
                    .append(',').append(sg.map(x -> String.valueOf(x.number())).orElse("")).append(',').append(sg.map(SpaceGroupOf.Classified::symbol).orElse(""))
                    .append(',').append(csvText(pr.rejected().get(k).orElse(""))).append('\n');
        }
        dir.writeString("candidates.csv", c.toString());
        StringBuilder g = new StringBuilder("group,count,composition,lowest_energy_per_atom_eV,lowest_subcell,spacegroup_number,spacegroup_symbol,file\n");
        for (int k = 0; k < pr.groups().size(); k++) {
            Ranking.Group gr = pr.groups().get(k);
            String file = cifName(k, gr.lowest());
            Atoms a = gr.lowest().atoms();
            dir.writeFile(file, path -> StructureFiles.writeCif(path, a));
            g.append(k + 1).append(',').append(gr.count()).append(',').append(gr.lowest().composition()).append(',').append(gr.lowest().energyPerAtom())
                    .append(',').append(gr.lowest().index()).append(',').append(gr.spaceGroup().map(x -> String.valueOf(x.number())).orElse("")).append(',')
                    .append(gr.spaceGroup().map(SpaceGroupOf.Classified::symbol).orElse(UNCLASSIFIED)).append(',').append(file).append('\n');
        }
        dir.writeString("groups.csv", g.toString());
        StringBuilder r = new StringBuilder("polymorph,composition,energy_per_atom_eV,converged,above_best_candidate_eV_per_atom,match_rms,source\n");
        for (Prediction.Reference ref : pr.references()) {
            r.append(ref.polymorph().name()).append(',').append(ref.polymorph().composition()).append(',').append(ref.energyPerAtom()).append(',')
                    .append(ref.converged()).append(',').append(pr.best().map(b -> String.valueOf(ref.energyPerAtom() - b.energyPerAtom())).orElse(""))
                    .append(',').append(ref.rms().isPresent() ? String.valueOf(ref.rms().getAsDouble()) : "").append(',')
                    .append(csvText(ref.polymorph().source())).append('\n');
        }
        dir.writeString("references.csv", r.toString());
        if (!pr.ranked().isEmpty()) dir.writeBytes("energy_histogram.png", Plot.png(List.of(histogram(pr))));
    }

    /** candidates/group-001_Si_subcell-00042.cif */
    static String cifName(int group, Ranking.Candidate c) {
        return String.format(Locale.ROOT, "candidates/group-%03d_%s_subcell-%05d.cif", group + 1, c.composition(), c.index());
    }

    /**
     * Counts of valid candidates per energy bin, one series per space group (by symbol; unclassified ones together), the
     * {@link #SERIES} most populous first; the rest together as "other space groups", so that the legend fits and no two
     * series share a colour.
     */
    static Plot.Panel histogram(Prediction pr) {
        double lo = pr.ranked().get(0).energyPerAtom();
        double hi = pr.ranked().get(pr.ranked().size() - 1).energyPerAtom();
        double w = hi > lo ? (hi - lo) / BINS : 1e-3;
        double[] x = new double[BINS];
        for (int b = 0; b < BINS; b++) x[b] = lo + (b + 0.5) * w;
        Map<String, Integer> population = new TreeMap<>();
        for (Ranking.Candidate c : pr.ranked()) population.merge(label(pr, c), 1, Integer::sum);
        List<String> shown = population.keySet().stream()
                .sorted(Comparator.comparing((String l) -> -population.get(l)).thenComparing(Comparator.naturalOrder()))
                .limit(population.size() > SERIES ? SERIES - 1 : SERIES).toList();
        Map<String, double[]> counts = new LinkedHashMap<>();
        for (String l : shown) counts.put(l, new double[BINS]);
        for (Ranking.Candidate c : pr.ranked()) {
            int b = Math.min(BINS - 1, (int) ((c.energyPerAtom() - lo) / w));
            counts.computeIfAbsent(counts.containsKey(label(pr, c)) ? label(pr, c) : OTHER, k -> new double[BINS])[b]++;
        }
        Plot.Panel p = new Plot.Panel("relaxed subcells by space group", "energy per atom (eV/atom)", "subcells");
        counts.forEach((label, y) -> p.linePoints(label, x, y));
        return p;
    }

    /** A candidate's series: its space group's symbol and number, or {@link #UNCLASSIFIED}. */
    private static String label(Prediction pr, Ranking.Candidate c) {
        SpaceGroupOf.Classified sg = pr.classes().get(c.index());
        return sg == null ? UNCLASSIFIED : sg.symbol() + " (" + sg.number() + ")";
    }

    /** The result; {@code distributed}: where the relaxations ran ({@code WorkTally#facts}), null when they ran on the run's thread. */
    static Result result(Composition comp, PredictCheckpoint.Amorphous am, int subcells, int resumedAt, Prediction pr, Map<String, Double> seconds,
                         boolean classified, boolean matched, Map<String, Object> distributed) {
        Result.Builder out = Result.builder().put("composition", comp.toString()).put("natoms", comp.atoms())
                .put("box_length", Math.cbrt(am.atoms().box().volume())).put("packing_iterations", am.packingIterations()).put("subcells", subcells).put("valid", pr.ranked().size())
                .put("groups_count", pr.groups().size()).put("resumed_from_subcell", resumedAt);
        if (Double.isFinite(am.packedClosest())) out.put("packing_closest_distance", am.packedClosest());
        List<Object> groups = new ArrayList<>();
        for (Ranking.Group g : pr.groups().subList(0, Math.min(10, pr.groups().size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", g.count());
            m.put("composition", g.lowest().composition());
            m.put("lowest_energy_per_atom", g.lowest().energyPerAtom());
            m.put("spacegroup", g.spaceGroup().map(SpaceGroupOf.Classified::symbol).orElse(UNCLASSIFIED));
            groups.add(m);
        }
        out.put("groups", groups);
        Map<String, Object> refs = new LinkedHashMap<>();
        for (Prediction.Reference r : pr.references()) refs.put(r.polymorph().name(), r.energyPerAtom());
        out.put("reference_energy_per_atom", refs);
        Optional<Ranking.Candidate> best = pr.best();
        if (best.isEmpty()) {
            out.warn("no subcell passed validation (see candidates.csv, column reason): there is no prediction");
        } else {
            Ranking.Candidate b = best.get();
            Map<String, Object> p = new LinkedHashMap<>();
            SpaceGroupOf.Classified sg = pr.classes().get(b.index());
            p.put("subcell", b.index());
            p.put("composition", b.composition());
            p.put("natoms", b.atoms().size());
            p.put("energy_per_atom", b.energyPerAtom());
            p.put("spacegroup_number", sg == null ? 0 : sg.number());
            p.put("spacegroup_symbol", sg == null ? UNCLASSIFIED : sg.symbol());
            p.put("matched_polymorph", pr.matched().map(r -> r.polymorph().name()).orElse(matched ? "none" : "not compared"));
            pr.matched().ifPresent(r -> p.put("rms", r.rms().getAsDouble()));
            p.put("file", cifName(0, b));
            out.put("predicted", p);
            out.summary(String.format(Locale.ROOT, "predicted: %s, %s, %.6f eV/atom (subcell %d of %d, %d valid, %d groups); matched polymorph: %s",
                    b.composition(), sg == null ? UNCLASSIFIED : sg.symbol() + " (" + sg.number() + ")", b.energyPerAtom(), b.index(), subcells,
                    pr.ranked().size(), pr.groups().size(), p.get("matched_polymorph")));
            for (Prediction.Reference r : pr.references()) {
                out.summary(String.format(Locale.ROOT, "  %s under the same potential: %.6f eV/atom (%+.6f vs the prediction)", r.polymorph().name(),
                        r.energyPerAtom(), r.energyPerAtom() - b.energyPerAtom()));
            }
        }
        if (!classified) out.warn("no space-group finder is present: space groups read 'unclassified'");
        if (!matched) out.warn("no structure matcher is present: groups join candidates by composition and energy alone, and no polymorph is matched");
        out.put("seconds", seconds);
        if (distributed != null) out.put(org.polymorph.core.distributed.Placement.PARAM, distributed);
        return out.build();
    }

    private static String join(int[] v) { return String.join(" ", Arrays.stream(v).mapToObj(String::valueOf).toList()); }

    private static String csvText(String s) { return "\"" + s.replace("\"", "'").replace('\n', ' ') + "\""; }
}
