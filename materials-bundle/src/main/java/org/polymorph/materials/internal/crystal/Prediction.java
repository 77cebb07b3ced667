package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.polymorph.core.method.Params;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Stages 5–7 of crystal.predict on the relaxed subcells: the reason each is rejected (empty when valid), the valid ones
 * ranked, their space groups, the groups, and the library polymorphs of the composition relaxed under the same potential
 * with the lowest candidate's match to each.
 */
record Prediction(List<Optional<String>> rejected, List<Ranking.Candidate> ranked, Map<Integer, SpaceGroupOf.Classified> classes,
                  List<Ranking.Group> groups, List<Reference> references) {

    /** A library polymorph relaxed under the potential: energy per atom (eV/atom), and the match of the lowest candidate to it. */
    record Reference(PolymorphLibrary.Polymorph polymorph, double energyPerAtom, boolean converged, OptionalDouble rms) { }

    /** Most FIRE iterations of a library polymorph's relaxation. */
    static final int REFERENCE_STEPS = 2000;

    static Prediction of(Composition comp, List<Subcells.Subcell> cut, List<SubcellRelaxer.Outcome> done, Validation validation,
                         List<PolymorphLibrary.Polymorph> library, Potential pot, Params p, Optional<SpaceGroupOf> finder,
                         Optional<SameStructure> matcher) {
        List<Optional<String>> rejected = new ArrayList<>();
        List<Ranking.Candidate> valid = new ArrayList<>();
        for (int k = 0; k < done.size(); k++) {
            SubcellRelaxer.Outcome o = done.get(k);
            Optional<String> why = validation.reject(o);
            rejected.add(why);
            if (why.isEmpty()) {
                Atoms a = o.atoms();
                valid.add(new Ranking.Candidate(k, Composition.of(a.types(), a.typeNames()).key(), a, o.energyPerAtom()));
            }
        }
        List<Ranking.Candidate> ranked = Ranking.rank(valid);
        Map<Integer, SpaceGroupOf.Classified> classes = Ranking.classify(ranked, finder, p.getDouble("symprec"));
        List<Ranking.Group> groups = Ranking.group(ranked, p.getDouble("group_energy_tol"), matcher, classes);
        SubcellRelaxer relaxer = new SubcellRelaxer(pot, new Criteria(p.getDouble("fmax"), p.getDouble("stress_tol"), REFERENCE_STEPS));
        List<Reference> refs = new ArrayList<>();
        for (PolymorphLibrary.Polymorph poly : library) {
            if (!poly.composition().equals(comp.key())) continue;
            SubcellRelaxer.Outcome o = relaxer.relax(retyped(poly.atoms(), comp.elements()));
            if (o.failed()) continue;
            OptionalDouble rms = ranked.isEmpty() || matcher.isEmpty() ? OptionalDouble.empty() : matcher.get().rms(ranked.get(0).atoms(), o.atoms());
            refs.add(new Reference(poly, o.energyPerAtom(), o.converged(), rms));
        }
        return new Prediction(rejected, ranked, classes, groups, refs);
    }

    /** The lowest candidate, if any is valid. */
    Optional<Ranking.Candidate> best() { return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0)); }

    /** The reference the lowest candidate matches with the smallest RMS, if any. */
    Optional<Reference> matched() {
        Reference m = null;
        for (Reference r : references) if (r.rms().isPresent() && (m == null || r.rms().getAsDouble() < m.rms().getAsDouble())) m = r;
        return Optional.ofNullable(m);
    }

    /** {@code a} with its types renumbered to {@code elements} (the potential's order) and standard atomic masses. */
    static Atoms retyped(Atoms a, List<String> elements) {
        int[] t = new int[a.size()];
        for (int i = 0; i < t.length; i++) t[i] = elements.indexOf(a.typeNames().get(a.type(i)));
        double[] m = new double[elements.size()];
        for (int k = 0; k < m.length; k++) m[k] = Elements.mass(elements.get(k));
        return new Atoms(a.positions(), t, elements, m, a.box());
    }
}
