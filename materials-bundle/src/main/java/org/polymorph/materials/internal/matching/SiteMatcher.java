package org.polymorph.materials.internal.matching;

import java.util.Arrays;
import java.util.Optional;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.matching.StructureMatch;
import org.polymorph.materials.matching.StructureMatcher;
import org.polymorph.materials.structure.Atoms;

/**
 * pymatgen's StructureMatcher: both structures Niggli-reduced (and reduced to primitive cells), the supercell size
 * chosen from the site counts, both lattices scaled to the same volume per site, then the sites of the smaller
 * aligned onto the larger ({@link SiteAlignment}). The verdict is pymatgen's {@code fit}, the RMS and maximum
 * displacement its {@code get_rms_dist}.
 */
public final class SiteMatcher implements StructureMatcher {

    @Override
    public StructureMatch match(Atoms a, Atoms b, MatchOptions o) {
        Cell ca = prepare(Cell.of(a), o), cb = prepare(Cell.of(b), o);
        if (!o.allowSubset() && o.species() == MatchOptions.SpeciesRule.EXACT && !ca.reducedFormula().equals(cb.reducedFormula())) {
            return new StructureMatch(false, Optional.empty());
        }
        int fu = 1;
        boolean aSupercell = true;
        if (o.attemptSupercell()) {
            double ratio = (double) cb.size() / ca.size();
            aSupercell = ratio >= 2.0 / 3;
            fu = (int) Math.round(aSupercell ? ratio : 1 / ratio);
        }
        if (o.scale()) {
            double mult = aSupercell ? fu : 1.0 / fu;
            double s = Math.pow(cb.volume() / (ca.volume() * mult), 1.0 / 6);
            ca = ca.scaled(s);
            cb = cb.scaled(1 / s);
        }
        double ratio = aSupercell ? fu : 1.0 / fu;
        boolean swapped = !(ca.size() * ratio >= cb.size());
        SiteAlignment.Outcome out = swapped ? SiteAlignment.align(cb, ca, fu, !aSupercell, o) : SiteAlignment.align(ca, cb, fu, aSupercell, o);
        if (!out.aligned()) return new StructureMatch(out.fit(), Optional.empty());
        boolean s1Supercell = swapped != aSupercell;
        int[] mapping = mapping(out.columns(), fu, s1Supercell, swapped, ca, cb);
        return new StructureMatch(out.fit(), Optional.of(new StructureMatch.Alignment(out.rms(), out.maxDist(), mapping)));
    }

    /** Niggli reduction, then the primitive cell where asked (pymatgen's {@code _get_reduced_structure}). */
    private static Cell prepare(Cell c, MatchOptions o) {
        Cell n = c.niggli();
        return o.primitiveCell() ? PrimitiveCell.reduce(n) : n;
    }

    /** For each atom of b, the first atom of a on the site its site was paired with; -1 where it has none (a subset match). */
    private static int[] mapping(int[] columns, int fu, boolean s1Supercell, boolean swapped, Cell ca, Cell cb) {
        int[] siteOfB = new int[cb.size()];
        Arrays.fill(siteOfB, -1);
        for (int row = 0; row < columns.length; row++) {
            int s2Site = s1Supercell ? row : row / fu;
            int s1Site = s1Supercell ? columns[row] / fu : columns[row];
            int bSite = swapped ? s1Site : s2Site, aSite = swapped ? s2Site : s1Site;
            if (siteOfB[bSite] < 0) siteOfB[bSite] = aSite;
        }
        int[] firstA = ca.firstAtoms();
        int[] out = new int[cb.siteOfAtom().length];
        for (int k = 0; k < out.length; k++) {
            int aSite = siteOfB[cb.siteOfAtom()[k]];
            out[k] = aSite < 0 ? -1 : firstA[aSite];
        }
        return out;
    }
}
