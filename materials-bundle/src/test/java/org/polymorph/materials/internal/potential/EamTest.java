package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class EamTest {
    private static final String[] XYZ = {"xx", "yy", "zz", "xy", "xz", "yz"};
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");

    @TempDir Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void matchesLammpsCuU3OnThePerfectAndDisplacedFcc() {
        Eam eam = Eam.funcfl(CU);
        assertEquals(63.55, eam.masses()[0], 0);
        for (String c : new String[] {"perfect", "displaced"}) {
            String name = "Cu_u3_eam_fcc_3x3x3_a3.615_" + c;
            Atoms atoms = Oracles.atoms(name, "Cu", 63.55);
            Evaluation ev = eam.compute(atoms, PotentialChecks.list(eam, atoms));
            Map<String, Object> res = Oracles.results(name);
            double e = ((Number) res.get("total_energy")).doubleValue();
            assertEquals(e, ev.energy(), 1e-10 * Math.abs(e), name + " energy");
            if (c.equals("displaced")) {
                double[] f = Oracles.forces(name);
                for (int i = 0; i < f.length; i++) assertEquals(f[i], ev.forces()[i], 1e-10, name + " force " + i);
            }
            // measured: energy 3e-14 (perfect) and 9e-16 (displaced) relative, forces 3e-15 eV/Å, virial 3e-13 eV
            Map<String, Number> w = (Map<String, Number>) res.get("virial_tensor_eV");
            Map<String, Number> pBar = (Map<String, Number>) res.get("pressure_tensor_bar");
            double volume = ((Number) res.get("volume")).doubleValue();
            for (int k = 0; k < 6; k++) {
                double ref = w.get(XYZ[k]).doubleValue();
                assertEquals(ref, ev.virial()[k], 1e-10 * Math.max(1, Math.abs(ref)), name + " virial " + XYZ[k]);
                double p = pBar.get(XYZ[k]).doubleValue();   // P = W/V · nktv2p (LAMMPS metal: 1.6021765e6 bar per eV/Å³)
                assertEquals(p, ev.virial()[k] / volume * 1.6021765e6, 1e-8 * Math.max(1, Math.abs(p)), name + " pressure " + XYZ[k]);
            }
        }
    }

    @Test
    void autodiffEnergyForcesAndVirialAgreeWithTheFusedKernel() {
        Atoms atoms = Oracles.atoms("Cu_u3_eam_fcc_3x3x3_a3.615_displaced", "Cu", 63.55);
        PotentialChecks.assertAutodiffMatchesFused(Eam.funcfl(CU), atoms, 1e-9, 1e-10, 1e-9);
        // squeezed to a = 2.4 Å the densities pass the end of the F table (ρmax = 0.25): F continues linearly
        Atoms squeezed = jiggled(Lattices.build("fcc", 2.4, new int[] {3, 3, 3}, "Cu", 63.55));
        PotentialChecks.assertAutodiffMatchesFused(Eam.funcfl(CU), squeezed, 1e-8, 1e-9, 1e-8);
    }

    @Test
    void gradientsOfTheVarEnergyPassFiniteDifferences() {
        Atoms atoms = jiggled(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.55));
        Eam eam = Eam.funcfl(CU);
        PotentialChecks.gradCheckPositions(eam, atoms);
        PotentialChecks.gradCheckParameters(eam, atoms);
    }

    @Test
    void setflWithTwoElementsAgreesWithItsFusedKernelAndReducesToFuncfl() throws IOException {
        // a setfl file holding Cu_u3 twice ("Cu", "Cx") after LAMMPS's funcfl resampling: the
        // alloy of the two is pure Cu, so eam/alloy must give eam's numbers on any type mix
        Eam cu = Eam.funcfl(CU);
        Path setfl = writeSetfl(cu);
        Atoms one = Oracles.atoms("Cu_u3_eam_fcc_3x3x3_a3.615_displaced", "Cu", 63.55);
        int[] types = new int[one.size()];
        for (int i = 0; i < types.length; i++) types[i] = i % 3 == 0 ? 1 : 0;
        Atoms two = new Atoms(one.positions(), types, List.of("Cu", "Cx"), new double[] {63.55, 63.55}, one.box());
        Eam alloy = Eam.setfl(setfl, "Cu", "Cx");
        Evaluation a = alloy.compute(two, PotentialChecks.list(alloy, two));
        Evaluation b = cu.compute(one, PotentialChecks.list(cu, one));
        assertEquals(b.energy(), a.energy(), 1e-9);
        for (int i = 0; i < 3 * one.size(); i++) assertEquals(b.forces()[i], a.forces()[i], 1e-9);
        PotentialChecks.assertAutodiffMatchesFused(alloy, two, 1e-9, 1e-10, 1e-9);
    }

    private Path writeSetfl(Eam cu) throws IOException {
        double[][] t = new double[3][];
        var o = PotentialChecks.O;
        Eam.Params p = (Eam.Params) cu.parameters(o);
        t[0] = PotentialChecks.TS.toDoubleArray(p.frho().value());
        t[1] = PotentialChecks.TS.toDoubleArray(p.rhor().value());
        t[2] = PotentialChecks.TS.toDoubleArray(p.z2r().value());
        List<String> lines = new ArrayList<>(List.of("c1", "c2", "c3", "2 Cu Cx",
                t[0].length + " " + 5.0100200400801306e-04 + " " + t[1].length + " 0.01 4.95"));
        for (String el : new String[] {"Cu", "Cx"}) {
            lines.add("29 63.55 3.615 fcc");
            for (int k = 0; k < 2; k++) for (double v : t[k]) lines.add(Double.toString(v));
        }
        for (int k = 0; k < 3; k++) for (double v : t[2]) lines.add(Double.toString(v));
        Path f = tmp.resolve("CuCx.eam.alloy");
        Files.write(f, lines);
        return f;
    }

    @Test
    void fileErrorsNameTheFileAndTheLine() throws IOException {
        List<String> good = Files.readAllLines(CU);
        List<String> bad = new ArrayList<>(good);
        bad.set(5, bad.get(5).replaceFirst("-", "x-"));
        Path f = tmp.resolve("bad.eam");
        Files.write(f, bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eam.funcfl(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 6"), e.getMessage());
        Path shortFile = tmp.resolve("short.eam");
        Files.write(shortFile, good.subList(0, 40));
        e = assertThrows(IllegalArgumentException.class, () -> Eam.funcfl(shortFile));
        assertTrue(e.getMessage().contains(shortFile.toString()) && e.getMessage().contains("ends"), e.getMessage());
        List<String> header = new ArrayList<>(good);
        header.set(2, "500 0.01 500");
        Path h = tmp.resolve("header.eam");
        Files.write(h, header);
        e = assertThrows(IllegalArgumentException.class, () -> Eam.funcfl(h));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("Nrho drho Nr dr cutoff"), e.getMessage());
        Path setfl = writeSetfl(Eam.funcfl(CU));
        List<String> alloy = new ArrayList<>(Files.readAllLines(setfl));
        alloy.set(3, "2 Cu");
        Path badAlloy = tmp.resolve("bad.eam.alloy");
        Files.write(badAlloy, alloy);
        e = assertThrows(IllegalArgumentException.class, () -> Eam.setfl(badAlloy, "Cu"));
        assertTrue(e.getMessage().contains(badAlloy.toString()) && e.getMessage().contains("line 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Eam.setfl(setfl, "Ag"));
        assertTrue(e.getMessage().contains("Ag") && e.getMessage().contains("[Cu, Cx]"), e.getMessage());
    }

    @Test
    void countsBeyondTheFileAndBytesThatAreNotUtf8AreErrorsNamingTheFile() throws IOException {
        // a 3-line header declaring 2147483647 points allocated 16 GB (Nrho + 1 overflowing to a negative array size)
        Path huge = tmp.resolve("huge.eam");
        Files.writeString(huge, "comment\n29 63.55 3.615 FCC\n2147483647 0.01 500 0.01 4.95\n1 2 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Eam.funcfl(huge));
        assertTrue(e.getMessage().contains(huge.toString()) && e.getMessage().contains("line 3") && e.getMessage().contains("Nrho = 2147483647"),
                e.getMessage());
        Path alloy = tmp.resolve("huge.eam.alloy");
        Files.writeString(alloy, "a\nb\nc\n1 Cu\n5 0.01 400000000 0.01 4.95\n29 63.55 3.615 fcc\n1 2 3 4 5\n");
        e = assertThrows(IllegalArgumentException.class, () -> Eam.setfl(alloy, "Cu"));
        assertTrue(e.getMessage().contains(alloy.toString()) && e.getMessage().contains("Nr = 400000000"), e.getMessage());
        // a byte that is not UTF-8 was an unreadable-file error without a line
        List<String> good = Files.readAllLines(CU);
        byte[] text = String.join("\n", good).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int line5 = String.join("\n", good.subList(0, 4)).length() + 2;
        text[line5] = (byte) 0xFF;
        Path latin = tmp.resolve("latin.eam");
        Files.write(latin, text);
        e = assertThrows(IllegalArgumentException.class, () -> Eam.funcfl(latin));
        assertTrue(e.getMessage().contains(latin.toString()) && e.getMessage().contains("line 5"), e.getMessage());
    }

    @Test
    void overlappingAtomsAreAnErrorNamingTheAtom() {
        Eam eam = Eam.funcfl(CU);
        Atoms atoms = Atoms.of(new double[] {0, 0, 0, 0, 0, 0, 2.5, 0, 0}, "Cu", 63.55, org.polymorph.materials.space.Box.free());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> eam.compute(atoms, PotentialChecks.list(eam, atoms)));
        assertTrue(e.getMessage().contains("atoms 0 and 1"), e.getMessage());
    }

    /** Deterministic ±0.05 Å displacements so that no force vanishes by symmetry. */
    static Atoms jiggled(Atoms a) {
        double[] r = a.positions();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < r.length; i++) r[i] += 0.1 * (rnd.nextDouble() - 0.5);
        return a.withPositions(r);
    }
}
