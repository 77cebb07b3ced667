package org.polymorph.example.custompotential.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialValues;
import org.polymorph.materials.potential.testing.LammpsReference;
import org.polymorph.materials.potential.testing.PotentialContract;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * born against LAMMPS's pair_born on a distorted rock-salt crystal (64 atoms, two types) and against its own
 * autodiff energy. Parameters: Tosi–Fumi-like NaCl values (Na–Na, Na–Cl, Cl–Cl), A eV, ρ σ Å, C eV·Å⁶, D eV·Å⁸.
 */
class BornStyleTest {
    private static final String A = "0.2637;0.2110;0.1582";
    private static final String RHO = "0.317";
    private static final String SIGMA = "2.340;2.755;3.170";
    private static final String C = "1.048;6.99;72.4";
    private static final String D = "0.499;8.676;145.4";
    private static final double CUTOFF = 5.0;

    @TempDir
    Path tmp;

    /** Rock salt with a = 5.64 Å, 2×2×2 conventional cells, an orthorhombic strain and ±0.1 Å displacements (seed 3). */
    static Atoms salt() {
        double a = 5.64;
        double[][] basis = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
        List<Double> r = new ArrayList<>();
        List<Integer> t = new ArrayList<>();
        Random rnd = new Random(3);
        double[] stretch = {1.01, 0.99, 1.0};
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) {
            for (double[] b : basis) {
                for (int s = 0; s < 2; s++) {                     // Na at the fcc sites, Cl half a cell along x
                    double[] f = {i + b[0] + 0.5 * s, j + b[1], k + b[2]};
                    for (int ax = 0; ax < 3; ax++) r.add(f[ax] * a * stretch[ax] + 0.2 * (rnd.nextDouble() - 0.5));
                    t.add(s);
                }
            }
        }
        double[] pos = r.stream().mapToDouble(Double::doubleValue).toArray();
        int[] types = t.stream().mapToInt(Integer::intValue).toArray();
        return new Atoms(pos, types, List.of("Na", "Cl"), new double[] {22.98977, 35.453},
                Box.orthorhombic(2 * a * stretch[0], 2 * a * stretch[1], 2 * a * stretch[2]));
    }

    private static Potential born(boolean shift) {
        Map<String, String> v = new LinkedHashMap<>(Map.of("A", A, "rho", RHO, "sigma", SIGMA, "C", C, "D", D, "cutoff", String.valueOf(CUTOFF)));
        v.put("shift", String.valueOf(shift));
        BornStyle style = new BornStyle();
        return style.create(new PotentialValues(style.parameters(), v), List.of(), List.of("Na", "Cl"));
    }

    @Test
    void pairValuesReadWithSlashesAsWithTheOlderSemicolon() {
        BornStyle style = new BornStyle();
        Map<String, String> v = Map.of("A", A.replace(';', '/'), "rho", RHO, "sigma", SIGMA, "C", C, "D", D, "cutoff", "5");
        PotentialValues values = new PotentialValues(style.parameters(), v);
        double[] a = BornStyle.pairs(values, "A", 2);
        assertArrayEquals(new double[] {0.2637, 0.2110, 0.2110, 0.1582}, a);
        assertArrayEquals(a, BornStyle.pairs(new PotentialValues(style.parameters(),
                Map.of("A", A, "rho", RHO, "sigma", SIGMA, "C", C, "D", D, "cutoff", "5")), "A", 2));
        PotentialValues trailing = new PotentialValues(style.parameters(), Map.of("A", "0.2637/0.2110/", "rho", RHO, "sigma", SIGMA, "C", C,
                "D", D, "cutoff", "5"));
        BadInputException e = assertThrows(
                BadInputException.class, () -> BornStyle.pairs(trailing, "A", 2));
        assertTrue(e.getMessage().contains("'potential' = 'A=0.2637/0.2110/'"), e.getMessage());
    }

    @Test
    void energyForcesAndVirialEqualLammps() throws Exception {
        assumeTrue(LammpsReference.lmp().isPresent(), "lmp (Debian's lammps package) is not on PATH");
        Atoms salt = salt();
        String[] a = A.split(";");
        String[] s = SIGMA.split(";");
        String[] c = C.split(";");
        String[] d = D.split(";");
        String[] pairs = {"1 1", "1 2", "2 2"};
        for (boolean shift : new boolean[] {false, true}) {
            List<String> lines = new ArrayList<>(List.of("pair_style born " + CUTOFF));
            for (int k = 0; k < 3; k++) lines.add("pair_coeff " + pairs[k] + " " + a[k] + " " + RHO + " " + s[k] + " " + c[k] + " " + d[k]);
            lines.add("pair_modify shift " + (shift ? "yes" : "no"));
            Evaluation lmp = LammpsReference.evaluate(tmp.resolve("shift-" + shift), salt, lines);
            Potential pot = born(shift);
            Evaluation ours = pot.compute(salt, PotentialContract.list(pot, salt));
            System.out.printf("born shift=%s: LAMMPS %.12f eV, ours %.12f eV%n", shift, lmp.energy(), ours.energy());
            assertEquals(lmp.energy(), ours.energy(), 1e-10 * Math.abs(lmp.energy()), "energy, shift " + shift);
            for (int i = 0; i < 3 * salt.size(); i++) assertEquals(lmp.forces()[i], ours.forces()[i], 1e-9, "force " + i + ", shift " + shift);
            for (int k = 0; k < 6; k++) assertEquals(lmp.virial()[k], ours.virial()[k], 1e-8 * Math.abs(lmp.virial()[0]), "virial " + k + ", shift " + shift);
        }
    }

    @Test
    void differentiableEnergyAgreesWithTheFusedKernel() {
        for (boolean shift : new boolean[] {false, true}) {
            Evaluation ev = PotentialContract.assertAutodiffMatchesFused(born(shift), salt(), 1e-9, 1e-10, 1e-9);
            assertTrue(Math.abs(ev.energy()) > 1, "a non-trivial energy: " + ev.energy());
        }
    }

    @Test
    void perPairValuesAreCheckedAndNamed() {
        BornStyle style = new BornStyle();
        Map<String, String> v = Map.of("A", "1;2", "rho", RHO, "sigma", "2", "C", "1", "D", "1", "cutoff", "5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> style.create(new PotentialValues(style.parameters(), v), List.of(), List.of("Na", "Cl")));
        assertTrue(e.getMessage().contains("A=1;2") && e.getMessage().contains("3"), e.getMessage());
        Map<String, String> bad = Map.of("A", "1", "rho", "0", "sigma", "2", "C", "1", "D", "1", "cutoff", "5");
        e = assertThrows(IllegalArgumentException.class, () -> style.create(new PotentialValues(style.parameters(), bad), List.of(), List.of("Na")));
        assertTrue(e.getMessage().contains("rho"), e.getMessage());
    }
}
