package org.polymorph.materials.internal.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.matching.MatchOptions.SpeciesRule;
import org.polymorph.materials.structure.Atoms;

/** The pairs the matcher is checked on against pymatgen: a label, two structures and the options. */
final class MatchPairs {
    private MatchPairs() { }

    record Pair(String label, Atoms a, Atoms b, MatchOptions options) { }

    static final MatchOptions DEFAULTS = MatchOptions.defaults();

    static MatchOptions with(boolean primitive, boolean scale, boolean supercell, boolean subset, SpeciesRule species) {
        return new MatchOptions(0.2, 0.3, 5, primitive, scale, supercell, subset, species);
    }

    /** Named crystals. */
    static List<Supplier<Atoms>> crystals() {
        return List.of(Crystals::rutile, Crystals::anatase, Crystals::diamond, Crystals::zincblende, Crystals::rocksalt, Crystals::fcc,
                Crystals::bcc, Crystals::cesiumChloride, Crystals::hcp, Crystals::lonsdaleite, Crystals::wurtzite, Crystals::perovskite,
                Crystals::monoclinic);
    }

    static List<Pair> all(long seed) {
        Random rnd = new Random(seed);
        List<Pair> out = new ArrayList<>();
        String[] names = {"rutile", "anatase", "diamond", "zincblende", "rocksalt", "fcc", "bcc", "CsCl", "hcp", "lonsdaleite", "wurtzite",
            "perovskite", "monoclinic"};
        List<Supplier<Atoms>> crystals = crystals();
        for (int c = 0; c < crystals.size(); c++) {
            Atoms s = crystals.get(c).get();
            String n = names[c];
            out.add(new Pair(n + " moved", s, Crystals.moved(s, rnd), DEFAULTS));
            out.add(new Pair(n + " moved, exact options", s, Crystals.moved(s, rnd), with(false, false, false, false, SpeciesRule.EXACT)));
            out.add(new Pair(n + " strained 4%", s, Crystals.moved(Crystals.strained(s, 0.04, rnd), rnd), DEFAULTS));
            out.add(new Pair(n + " strained 10%", s, Crystals.moved(Crystals.strained(s, 0.10, rnd), rnd), DEFAULTS));
            out.add(new Pair(n + " stretched 15%", s, Crystals.moved(Crystals.stretched(s, 0.15), rnd), DEFAULTS));
            out.add(new Pair(n + " stretched 60%", s, Crystals.moved(Crystals.stretched(s, 0.60), rnd), DEFAULTS));
            out.add(new Pair(n + " scaled 8%, scale=false", s, Crystals.moved(s.strained(new double[] {0.08, 0, 0, 0, 0.08, 0, 0, 0, 0.08}), rnd), with(true, false, false, false,
                    SpeciesRule.EXACT)));
            for (double amp : new double[] {0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.45}) {
                Atoms r = Crystals.rattled(s, amp, rnd);
                out.add(new Pair(n + " rattled " + amp, s, Crystals.moved(r, rnd), with(false, true, false, false, SpeciesRule.EXACT)));
            }
            Atoms sc = Crystals.supercell(s, new int[] {2, 0, 0, 0, 1, 0, 0, 0, 1});
            out.add(new Pair(n + " 2x1x1 supercell", s, Crystals.moved(sc, rnd), DEFAULTS));
            out.add(new Pair(n + " 2x1x1 supercell, attempt_supercell", s, Crystals.moved(sc, rnd), with(false, true, true, false, SpeciesRule.EXACT)));
            out.add(new Pair(n + " 2x1x1 supercell as a, attempt_supercell", Crystals.moved(sc, rnd), s, with(false, true, true, false, SpeciesRule.EXACT)));
            out.add(new Pair(n + " 2x1x1 supercell, no supercell", s, Crystals.moved(sc, rnd), with(false, true, false, false, SpeciesRule.EXACT)));
            Atoms skew = Crystals.supercell(s, new int[] {1, 1, 0, 0, 1, 0, 1, 0, 2});
            out.add(new Pair(n + " skewed supercell x3, attempt_supercell", s, Crystals.moved(Crystals.rattled(skew, 0.02, rnd), rnd),
                    with(false, true, true, false, SpeciesRule.EXACT)));
            out.add(new Pair(n + " skewed supercell x3", s, Crystals.moved(skew, rnd), DEFAULTS));
            out.add(new Pair(n + " rattled supercell, primitive", s, Crystals.moved(Crystals.rattled(sc, 0.01, rnd), rnd), DEFAULTS));
            if (s.size() > 2) {
                out.add(new Pair(n + " one atom missing, allow_subset", s, Crystals.moved(Crystals.without(s, 1), rnd),
                        with(false, true, false, true, SpeciesRule.EXACT)));
            }
        }
        out.add(new Pair("rutile vs anatase", Crystals.rutile(), Crystals.anatase(), DEFAULTS));
        out.add(new Pair("anatase vs rutile", Crystals.anatase(), Crystals.rutile(), DEFAULTS));
        out.add(new Pair("diamond vs lonsdaleite", Crystals.diamond(), Crystals.lonsdaleite(), DEFAULTS));
        out.add(new Pair("fcc vs hcp", Crystals.fcc(), Crystals.hcp(), DEFAULTS));
        out.add(new Pair("fcc vs bcc", Crystals.fcc(), Crystals.renamed(Crystals.bcc(), List.of("Cu")), DEFAULTS));
        out.add(new Pair("zincblende vs wurtzite", Crystals.zincblende(), Crystals.wurtzite(), DEFAULTS));
        out.add(new Pair("rocksalt vs CsCl", Crystals.rocksalt(), Crystals.renamed(Crystals.cesiumChloride(), List.of("Na", "Cl")), DEFAULTS));
        out.add(new Pair("fcc vs bcc, ltol 0.5 angle 30", Crystals.fcc(), Crystals.renamed(Crystals.bcc(), List.of("Cu")),
                new MatchOptions(0.5, 0.3, 30, true, true, false, false, SpeciesRule.EXACT)));
        out.add(new Pair("zincblende vs diamond, species any", Crystals.zincblende(), Crystals.diamond(), with(true, true, false, false, SpeciesRule.ANY)));
        out.add(new Pair("zincblende vs diamond, species exact", Crystals.zincblende(), Crystals.diamond(), DEFAULTS));
        out.add(new Pair("wurtzite vs lonsdaleite, species any", Crystals.wurtzite(), Crystals.moved(Crystals.lonsdaleite(), rnd),
                with(true, true, false, false, SpeciesRule.ANY)));
        out.add(new Pair("rutile with Ti and O swapped, species any", Crystals.rutile(), Crystals.renamed(Crystals.rutile(), List.of("O", "Ti")),
                with(true, true, false, false, SpeciesRule.ANY)));
        out.add(new Pair("rutile with Ti and O swapped, exact", Crystals.rutile(), Crystals.renamed(Crystals.rutile(), List.of("O", "Ti")), DEFAULTS));
        out.add(new Pair("rocksalt vs fcc Na", Crystals.rocksalt(), Crystals.renamed(Crystals.fcc(), List.of("Na")),
                with(false, true, false, true, SpeciesRule.EXACT)));
        out.add(new Pair("perovskite vs rocksalt", Crystals.perovskite(), Crystals.rocksalt(), DEFAULTS));
        for (double stol : new double[] {0.05, 0.1, 0.15, 0.2, 0.25, 0.35, 0.5}) {
            Atoms s = Crystals.monoclinic();
            Atoms r = Crystals.moved(Crystals.rattled(s, 0.15, rnd), rnd);
            out.add(new Pair("monoclinic rattled 0.15, stol " + stol, s, r, new MatchOptions(0.2, stol, 5, true, true, false, false, SpeciesRule.EXACT)));
        }
        return out;
    }
}
