package org.polymorph.materials.matching;

/**
 * Tolerances and switches of a structure match, with pymatgen's meanings and defaults.
 *
 * @param ltol fractional tolerance on lattice vector lengths (0.2: a mapped length within a factor 1.2 either way)
 * @param stol site tolerance, as a fraction of the free length per atom (V/N)^(1/3)
 * @param angleTol tolerance on lattice angles (degrees)
 * @param primitiveCell reduce both structures to primitive cells first
 * @param scale scale both structures to the same volume per atom first (off for an exact match)
 * @param attemptSupercell match a cell onto a supercell of the other when their atom counts differ by an integer factor
 * @param allowSubset match the smaller structure onto a subset of the sites of the larger (compositions may differ)
 * @param species which sites may pair: the same element only, or any two
 */
public record MatchOptions(double ltol, double stol, double angleTol, boolean primitiveCell, boolean scale,
                           boolean attemptSupercell, boolean allowSubset, SpeciesRule species) {

    /** Which sites of the two structures may be paired. */
    public enum SpeciesRule {
        /** Only sites of the same element (pymatgen's SpeciesComparator for neutral elements). */
        EXACT,
        /** Any site with any site: the framework of positions alone (pymatgen's FrameworkComparator). */
        ANY
    }

    public MatchOptions {
        if (!(ltol > 0) || !Double.isFinite(ltol)) throw new IllegalArgumentException("ltol = " + ltol + "; give a fraction > 0, e.g. 0.2");
        if (!(stol > 0) || !Double.isFinite(stol)) throw new IllegalArgumentException("stol = " + stol + "; give a fraction > 0, e.g. 0.3");
        if (!(angleTol > 0) || !(angleTol < 90)) throw new IllegalArgumentException("angle_tol = " + angleTol + "; give degrees in (0, 90), e.g. 5");
        if (attemptSupercell && allowSubset) {
            throw new IllegalArgumentException("attempt_supercell and allow_subset cannot both be on; choose one");
        }
        if (species == null) throw new IllegalArgumentException("species rule is missing; give EXACT or ANY");
    }

    /** pymatgen's defaults: ltol 0.2, stol 0.3, angle_tol 5°, primitive cell, scaled, no supercell, no subset, exact species. */
    public static MatchOptions defaults() {
        return new MatchOptions(0.2, 0.3, 5, true, true, false, false, SpeciesRule.EXACT);
    }
}
