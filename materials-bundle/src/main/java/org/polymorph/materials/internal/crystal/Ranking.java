package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polymorph.materials.structure.Atoms;

/**
 * Ranks valid candidates by energy per atom (lowest first; equal energies by subcell index, so the order is the same
 * on every run) and groups equivalent ones: a candidate joins the first group, in rank order, whose lowest member has
 * its reduced composition, lies within {@code energyTol} eV/atom, and, when a {@link SameStructure} is given, matches
 * it, and has its space group where both are classified; otherwise it starts a group. Every candidate is classified by
 * the {@link SpaceGroupOf}, when given ({@link #classify}).
 */
final class Ranking {
    /** A valid relaxed subcell: its index among the subcells, composition key, structure, energy per atom (eV/atom). */
    record Candidate(int index, String composition, Atoms atoms, double energyPerAtom) { }

    /** Equivalent candidates: the lowest first; its space group when classified; the members' subcell indices in rank order. */
    record Group(Candidate lowest, Optional<SpaceGroupOf.Classified> spaceGroup, List<Integer> members) {
        Group {
            members = List.copyOf(members);
        }

        int count() { return members.size(); }
    }

    private Ranking() { }

    static List<Candidate> rank(List<Candidate> valid) {
        List<Candidate> out = new ArrayList<>(valid);
        out.sort(Comparator.comparingDouble(Candidate::energyPerAtom).thenComparingInt(Candidate::index));
        return out;
    }

    /** The space group of each candidate by subcell index; empty without a finder. */
    static Map<Integer, SpaceGroupOf.Classified> classify(List<Candidate> ranked, Optional<SpaceGroupOf> finder, double symprec) {
        Map<Integer, SpaceGroupOf.Classified> out = new HashMap<>();
        finder.ifPresent(f -> ranked.forEach(c -> out.put(c.index(), f.classify(c.atoms(), symprec))));
        return out;
    }

    /** Groups of {@code ranked} (from {@link #rank}), lowest group first; {@code classes} from {@link #classify}. */
    static List<Group> group(List<Candidate> ranked, double energyTol, Optional<SameStructure> matcher, Map<Integer, SpaceGroupOf.Classified> classes) {
        List<Candidate> heads = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (Candidate c : ranked) {
            int g = 0;
            while (g < heads.size() && !same(heads.get(g), c, energyTol, matcher, classes)) g++;
            if (g == heads.size()) {
                heads.add(c);
                members.add(new ArrayList<>());
            }
            members.get(g).add(c.index());
        }
        List<Group> out = new ArrayList<>();
        for (int g = 0; g < heads.size(); g++) {
            Candidate h = heads.get(g);
            out.add(new Group(h, Optional.ofNullable(classes.get(h.index())), members.get(g)));
        }
        return out;
    }

    private static boolean same(Candidate head, Candidate c, double energyTol, Optional<SameStructure> matcher,
                                Map<Integer, SpaceGroupOf.Classified> classes) {
        if (!head.composition().equals(c.composition())) return false;
        if (Math.abs(head.energyPerAtom() - c.energyPerAtom()) > energyTol) return false;
        SpaceGroupOf.Classified a = classes.get(head.index());
        SpaceGroupOf.Classified b = classes.get(c.index());
        if (a != null && b != null && a.number() != b.number()) return false;
        return matcher.map(m -> m.rms(head.atoms(), c.atoms()).isPresent()).orElse(true);
    }
}
