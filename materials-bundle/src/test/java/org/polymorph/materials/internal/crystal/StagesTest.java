package org.polymorph.materials.internal.crystal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Each stage of crystal.predict on tiny inputs. */
class StagesTest {
    static Potential sw() {
        return FixedCatalog.builtin().create("sw", Oracles.potentialFile("Si.sw").toString(), "", List.of("Si"));
    }

    @Test
    void compositionParsesReducesAndRefusesUnknownElements() {
        Composition c = Composition.parse("Ti8O16", "composition");
        assertEquals(List.of("Ti", "O"), c.elements());
        assertArrayEquals(new int[] {8, 16}, c.counts());
        assertEquals("TiO2", c.reduced());
        assertEquals("O2Ti", c.key());
        assertEquals(Composition.parse("O2Ti", "x").key(), c.key());
        assertEquals("Si", Composition.parse("Si64", "composition").reduced());
        BadInputException e = assertThrows(BadInputException.class, () -> Composition.parse("Xx4", "composition"));
        assertTrue(e.getMessage().contains("composition") && e.getMessage().contains("Xx"), e.getMessage());
        assertThrows(BadInputException.class, () -> Composition.parse("si64", "composition"));
        assertEquals(Set.of("Si", "O", "O2Si", "OSi2", "OSi"), PredictInputs.stoichiometries(List.of("Si", "O"), 2));
    }

    /** jax-md's demo packing: Si64 in an 11.1 Å cube with σ = 2.2 Å ends with no pair closer than 0.95 σ. */
    @Test
    void packingMeetsTheMinimumDistance() {
        Composition c = Composition.parse("Si64", "composition");
        RandomPacking.Packed p = RandomPacking.pack(c, RandomPacking.cubicCell(c, 11.1, 0), 2.2, 2000, 42);
        assertEquals(64, p.atoms().size());
        assertTrue(p.closest() > 0.95 * 2.2, "closest " + p.closest());
        assertEquals(p.closest(), Distances.closest(p.atoms(), 3.0), 1e-12);
        // before the overlap removal, 64 uniform points in 1368 Å³ have a pair far closer than 2.09 Å
        RandomPacking.Packed raw = RandomPacking.pack(c, RandomPacking.cubicCell(c, 11.1, 0), 2.2, 0, 42);
        assertTrue(raw.closest() < 1.5, "raw closest " + raw.closest());
        assertEquals(p.atoms(), RandomPacking.pack(c, RandomPacking.cubicCell(c, 11.1, 0), 2.2, 2000, 42).atoms(), "same seed, same packing");
        // density 2.329 g/cm³ of 64 Si atoms: a = 10.862 Å
        assertEquals(10.862, RandomPacking.cubicCell(c, 0, 2.329)[0], 2e-3);
    }

    @Test
    void scheduleHoldsCoolsAndHolds() {
        MeltQuench.Schedule s = new MeltQuench.Schedule(2000, 300, 10, 20, 5, 0.002, 0.08);
        assertEquals(2000, s.target(1));
        assertEquals(2000, s.target(10));
        assertEquals(2000 - 1700 * 0.5, s.target(20), 1e-9);
        assertEquals(300, s.target(30), 1e-9);
        assertEquals(300, s.target(35));
        for (long n = 10; n <= 30; n++) assertEquals(s.target(n), MeltQuench.coolingRamp(s).at(n), 1e-9, "step " + n);
    }

    /** 64 SW atoms, 150 + 150 + 150 steps of 1 fs: the thermo rows carry the schedule and the held temperatures follow it. */
    @Test
    void quenchFollowsTheRamp() {
        Composition c = Composition.parse("Si64", "composition");
        Atoms start = RandomPacking.pack(c, RandomPacking.cubicCell(c, 11.1, 0), 2.2, 2000, 1).atoms();
        MeltQuench.Schedule s = new MeltQuench.Schedule(2000, 300, 150, 150, 150, 0.001, 0.02);
        MeltQuench.Quenched q = MeltQuench.run(sw(), start, s, 5, 3, () -> { });
        assertEquals(1 + 450 / 5, q.thermo().size());
        double hot = 0;
        double cold = 0;
        int nh = 0;
        int nc = 0;
        for (double[] row : q.thermo()) {
            long n = (long) row[0];
            assertEquals(s.target(Math.max(1, n)), row[2], 1e-9);
            assertEquals(0.001 * n, row[1], 1e-12);
            if (n > 50 && n <= 150) {
                hot += row[3];
                nh++;
            }
            if (n > 350) {
                cold += row[3];
                nc++;
            }
        }
        assertEquals(2000, hot / nh, 400, "mean T while held hot");
        assertEquals(300, cold / nc, 150, "mean T while held cold");
        assertEquals(64, q.atoms().size());
    }

    /** Eight atoms of a simple cubic 2×2×2 arrangement, one in each octant of a 4 Å cube, cut on a grid of 1/2. */
    @Test
    void subcellCountsOnAKnownCell() {
        double[] r = new double[24];
        int k = 0;
        for (int z = 0; z < 2; z++) for (int y = 0; y < 2; y++) for (int x = 0; x < 2; x++) {
            r[k++] = 1 + 2 * x;
            r[k++] = 1 + 2 * y;
            r[k++] = 1 + 2 * z;
        }
        Atoms a = Atoms.of(r, "Si", 28.0855, Box.orthorhombic(4, 4, 4));
        // per axis the slab pairs (0,0), (1,1) hold one atom's coordinate, (0,1) both: 3³ = 27 boxes of 1, 2, 4 or 8 atoms
        assertEquals(27, Subcells.find(a, 0.5, 1, 8, Subcells.Filter.NONE).size());
        assertEquals(8, Subcells.find(a, 0.5, 1, 1, Subcells.Filter.NONE).size());
        assertEquals(12, Subcells.find(a, 0.5, 2, 2, Subcells.Filter.NONE).size());
        assertEquals(6, Subcells.find(a, 0.5, 4, 4, Subcells.Filter.NONE).size());
        assertEquals(9, Subcells.find(a, 0.5, 1, 8, new Subcells.Filter(Set.of(), Set.of(), true)).size());
        assertEquals(18, Subcells.find(a, 0.5, 1, 8, new Subcells.Filter(Set.of(), Set.of(2, 4), false)).size());
        assertEquals(0, Subcells.find(a, 0.5, 1, 8, new Subcells.Filter(Set.of("OSi"), Set.of(), false)).size());
        Subcells.Subcell two = Subcells.find(a, 0.5, 2, 2, Subcells.Filter.NONE).get(0);
        Atoms s = Subcells.structure(a, two, 0.5);
        assertEquals(2, s.size());
        double[] h = s.box().h();
        // the first: slab 0 in x and y, both slabs in z (order of lo, hi on axis 0, then 1, then 2)
        assertArrayEquals(new int[] {0, 0, 0}, two.lo().clone());
        assertEquals(2, h[0], 1e-12);
        assertEquals(2, h[4], 1e-12);
        assertEquals(4, h[8], 1e-12);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 3}, s.positions(), 1e-12);
    }

    /** The bit-set search equals the plain definition (every lo ≤ hi box, atoms with lo·d ≤ s ≤ (hi + 1)·d) on a random cell. */
    @Test
    void subcellsEqualTheDefinition() {
        RandomKey key = RandomKey.of(5);
        double[] r = new double[3 * 30];
        for (int i = 0; i < r.length; i++) r[i] = 7 * key.uniform(i) - 1;
        double[] cell = {7, 0, 0, 1, 7, 0, 0.5, 0.5, 7};
        Atoms a = new Atoms(r, new int[30], List.of("Si"), new double[] {28.0855}, Box.periodic(cell));
        double d = 0.25;
        double[] s = Subcells.wrappedFractional(a);
        List<List<Integer>> expected = new ArrayList<>();
        for (int l0 = 0; l0 < 4; l0++) for (int h0 = l0; h0 < 4; h0++) for (int l1 = 0; l1 < 4; l1++) for (int h1 = l1; h1 < 4; h1++)
            for (int l2 = 0; l2 < 4; l2++) for (int h2 = l2; h2 < 4; h2++) {
                int[] lo = {l0, l1, l2};
                int[] hi = {h0, h1, h2};
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    boolean in = true;
                    for (int ax = 0; ax < 3; ax++) in &= s[3 * i + ax] >= lo[ax] * d - 1e-12 && s[3 * i + ax] <= (hi[ax] + 1) * d + 1e-12;
                    if (in) ids.add(i);
                }
                if (ids.size() >= 2 && ids.size() <= 6) expected.add(ids);
            }
        List<List<Integer>> found = new ArrayList<>();
        for (Subcells.Subcell c : Subcells.find(a, d, 2, 6, Subcells.Filter.NONE)) found.add(java.util.Arrays.stream(c.atoms()).boxed().toList());
        assertEquals(expected, found);
        assertTrue(found.size() > 100, "found " + found.size());
    }

    /** A diamond cell strained by 4 % and rattled relaxes, positions and cell, to diamond's SW energy −4.3366 eV/atom. */
    @Test
    void strainedDiamondSubcellRecoversDiamond() {
        Potential sw = sw();
        Atoms diamond = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        SubcellRelaxer relaxer = new SubcellRelaxer(sw, new Criteria(1e-4, 1e-3, 3000));
        double e0 = relaxer.relax(diamond).energyPerAtom();
        assertEquals(-4.3366, e0, 1e-3, "SW diamond Si");
        double[] eps = {0.04, 0.01, 0, 0.01, -0.02, 0, 0, 0, 0.03};
        Atoms strained = diamond.strained(eps);
        double[] r = strained.positions();
        RandomKey key = RandomKey.of(9);
        for (int i = 0; i < r.length; i++) r[i] += 0.1 * (2 * key.uniform(i) - 1);
        SubcellRelaxer.Outcome o = relaxer.relax(strained.withPositions(r));
        assertTrue(o.converged() && !o.failed(), o.toString());
        assertTrue(o.initialEnergy() / 8 > e0 + 0.01, "strained start " + o.initialEnergy() / 8);
        assertEquals(e0, o.energyPerAtom(), 1e-6);
        assertEquals(5.431 * 5.431 * 5.431, o.atoms().box().volume(), 0.5);
        assertTrue(Validation.defaults(java.util.Map.of()).reject(o).isEmpty());
    }

    @Test
    void validationRejectsRisesFusionAndFormationOutsideTheWindow() {
        Atoms two = Atoms.of(new double[] {0, 0, 0, 1.2, 0, 0}, "Si", 28.0855, Box.orthorhombic(5, 5, 5));
        Atoms apart = two.withPositions(new double[] {0, 0, 0, 2.4, 0, 0});
        Validation v = Validation.defaults(java.util.Map.of());
        assertTrue(v.reject(new SubcellRelaxer.Outcome(-1, -2, two, 1, true, "")).orElseThrow().contains("fused"));
        assertTrue(v.reject(new SubcellRelaxer.Outcome(-2, -1, apart, 1, true, "")).orElseThrow().contains("rose"));
        assertTrue(v.reject(new SubcellRelaxer.Outcome(-1, -2, apart, 1, true, "")).isEmpty());
        assertTrue(v.reject(new SubcellRelaxer.Outcome(-1, -2, apart, 1, true, "two atoms met")).orElseThrow().contains("failed"));
        Validation fe = Validation.defaults(java.util.Map.of("Si", -4.0));
        // (−7 − 2·(−4)) / 2 = +0.5 eV/atom: above the window's 0
        assertEquals(0.5, fe.formationEnergy(apart, -7).getAsDouble(), 1e-12);
        assertTrue(fe.reject(new SubcellRelaxer.Outcome(-6, -7, apart, 1, true, "")).orElseThrow().contains("formation"));
        assertTrue(fe.reject(new SubcellRelaxer.Outcome(-8, -9, apart, 1, true, "")).isEmpty());
    }
}
