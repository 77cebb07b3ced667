package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** M3GNet against matgl's anchors and against finite differences of its own energy (float64). */
class M3gnetTest {
    static final Path MODELS = Path.of("..", "distribution", "src", "main", "dist", "models");
    static final Path MP = MODELS.resolve("M3GNet-MP-2021.2.8-PES");
    static final Path MATPES = MODELS.resolve("M3GNet-MatPES-PBE-v2025.1-PES");

    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    static Atoms atoms(double[] r, int[] types, List<String> names, Box box) {
        double[] m = new double[names.size()];
        java.util.Arrays.fill(m, 1.0);
        return new Atoms(r, types, names, m, box);
    }

    private M3gnet potential(Path folder, List<String> elements, M3gnet.Indexing indexing) throws IOException {
        return new M3gnet(M3gnetModel.read(folder), elements, indexing, DType.FLOAT64, ad);
    }

    private static Evaluation eval(M3gnet p, Atoms a) {
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0, false).build(a);
        return p.compute(a, nl);
    }

    /** matgl tests/ext/test_ase_dgl.py: MoS, cubic a = 4 Å, Mo (0,0,0), S (½,½,½): −10.824362 eV. */
    @Test
    void mosMatchesMatgl() throws IOException {
        Atoms mos = atoms(new double[] {0, 0, 0, 2, 2, 2}, new int[] {0, 1}, List.of("Mo", "S"), Box.periodic(new double[] {4, 0, 0, 0, 4, 0, 0, 0, 4}));
        double[] energies = new double[2];
        for (M3gnet.Indexing ix : M3gnet.Indexing.values()) {
            Evaluation e = eval(potential(MP, List.of("Mo", "S"), ix), mos);
            assertEquals(-10.824362, e.energy(), 1e-5, ix.name());
            for (int k = 0; k < 6; k++) assertEquals(0, e.force(k / 3, k % 3), 1e-8);
            energies[ix.ordinal()] = e.energy();
        }
        // every MoS bond (3.46 and 4.0 A) is within the three-body cutoff: the kept bonds are the whole list, so the modes agree
        assertEquals(energies[0], energies[1], 1e-12);
    }

    /** AcAla3NHMe (matgl tests/conftest.py), 42 atoms, Å, no periodicity. */
    static Atoms acAla3NHMe() {
        double[] r = {
            2.04866000, 3.03970000, -1.90538000,   // H
            2.57508000, 1.72268000, -0.85631500,   // H
            2.17184000, 3.30896000, -0.15238200,   // H
            1.90655000, 2.58401000, -0.92348000,   // C
            0.03771400, 1.25465000, -1.59488000,   // O
            0.48396700, 2.10062000, -0.82751300,   // C
            -0.28972800, 2.66225000, 0.13607100,   // N
            0.16103700, 3.23064000, 0.83232600,   // H
            -1.66536000, 2.24227000, 0.38856700,   // C
            -1.98080000, 2.78577000, 1.28200000,   // H
            -2.60093000, 2.60713000, -0.76094600,   // C
            -1.65737000, 0.76935300, 0.84076700,   // C
            -1.07671000, 0.46484900, 1.87157000,   // O
            -3.62795000, 2.31590000, -0.52731400,   // H
            -2.58345000, 3.68786000, -0.91203300,   // H
            -2.28934000, 2.13627000, -1.69468000,   // H
            -2.28796000, -0.13783200, 0.06597500,   // N
            -2.61433000, 0.15084400, -0.84271100,   // H
            -2.21633000, -1.56248000, 0.35525800,   // C
            -2.49106000, -1.71026000, 1.40128000,   // H
            -3.17539000, -2.32986000, -0.54719400,   // C
            -0.79661200, -2.15180000, 0.24417300,   // C
            -0.54538500, -3.20721000, 0.79546200,   // O
            -3.09773000, -3.39555000, -0.33182000,   // H
            -4.20586000, -2.01059000, -0.37590300,   // H
            -2.92852000, -2.17659000, -1.60274000,   // H
            0.08518600, -1.43854000, -0.48961600,   // N
            -0.20393600, -0.57022000, -0.92587000,   // H
            1.49370000, -1.76346000, -0.59747700,   // C
            1.62352000, -2.74612000, -0.13439600,   // H
            1.93595000, -1.80971000, -2.05523000,   // C
            2.37375000, -0.79291000, 0.21284200,   // C
            3.55545000, -0.63911100, -0.05660100,   // O
            3.00626000, -2.00417000, -2.11517000,   // H
            1.39238000, -2.59759000, -2.58040000,   // H
            1.73079000, -0.85338400, -2.54426000,   // H
            1.77244000, -0.14321700, 1.23186000,   // N
            0.79538700, -0.29827700, 1.43700000,   // H
            2.52442000, 0.70798900, 2.12658000,   // C
            3.17617000, 0.12474300, 2.78380000,   // H
            3.15630000, 1.39339000, 1.55717000,   // H
            1.81944000, 1.27508000, 2.73527000,   // H
        };
        int[] types = {0, 0, 0, 1, 3, 1, 2, 0, 1, 0, 1, 1, 3, 0, 0, 0, 2, 0, 1, 0, 1, 1, 3, 0, 0, 0, 2, 0, 1, 0, 1, 1, 3, 0, 0, 0, 2, 0, 1, 0, 0, 0};
        return atoms(r, types, List.of("H", "C", "N", "O"), Box.free());
    }

    /** matgl tests/ext/test_ase_dgl.py: the free molecule AcAla3NHMe, −250.16803 eV with matgl's indexing (rtol 1e-7). */
    @Test
    void moleculeMatchesMatglAndCorrectedIndexingDiffersSlightly() throws IOException {
        Atoms mol = acAla3NHMe();
        double matgl = eval(potential(MP, mol.typeNames(), M3gnet.Indexing.MATGL), mol).energy();
        double corrected = eval(potential(MP, mol.typeNames(), M3gnet.Indexing.CORRECTED), mol).energy();
        assertEquals(-250.16803, matgl, 250.16803e-7);
        assertNotEquals(matgl, corrected, 1e-5);
        assertEquals(matgl, corrected, 1e-3);
    }

    /** A rattled triclinic Si–O cell of 6 atoms, small enough that atoms see their own images within 5 Å. */
    static Atoms triclinicSiO() {
        double[] h = {4.6, 0, 0, 0.7, 4.3, 0, -0.5, 0.9, 4.9};
        double[][] frac = {{0.02, 0.03, 0.01}, {0.51, 0.48, 0.02}, {0.26, 0.22, 0.49}, {0.74, 0.77, 0.52}, {0.27, 0.71, 0.26}, {0.73, 0.24, 0.77}};
        RandomKey k = RandomKey.of(7);
        double[] r = new double[3 * frac.length];
        for (int i = 0; i < frac.length; i++) {
            for (int a = 0; a < 3; a++) {
                r[3 * i + a] = frac[i][0] * h[a] + frac[i][1] * h[3 + a] + frac[i][2] * h[6 + a] + 0.05 * k.normal(3 * i + a);
            }
        }
        return atoms(r, new int[] {0, 0, 1, 1, 1, 1}, List.of("Si", "O"), Box.periodic(h));
    }

    private static double energy(M3gnet p, Atoms a) { return eval(p, a).energy(); }

    /** Forces = −∂E/∂R along random directions and stress = (1/V)∂E/∂ε per component, central differences (h = 1e-5). */
    @Test
    void forcesAndStressAreDerivativesOfTheEnergy() throws IOException {
        Atoms a = triclinicSiO();
        double step = 1e-5;
        for (M3gnet.Indexing ix : M3gnet.Indexing.values()) {
            M3gnet p = potential(MP, a.typeNames(), ix);
            Evaluation e = eval(p, a);
            RandomKey key = RandomKey.of(11);
            for (int d = 0; d < 2; d++) {
                double[] dir = new double[3 * a.size()];
                double fd = 0;
                for (int i = 0; i < dir.length; i++) {
                    dir[i] = key.normal(100 * d + i);
                    fd += e.forces()[i] * dir[i];
                }
                double[] plus = a.positions();
                double[] minus = a.positions();
                for (int i = 0; i < dir.length; i++) {
                    plus[i] += step * dir[i];
                    minus[i] -= step * dir[i];
                }
                double slope = (energy(p, a.withPositions(plus)) - energy(p, a.withPositions(minus))) / (2 * step);
                assertEquals(-slope, fd, 1e-6, ix + " direction " + d);
            }
            int[][] voigt = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
            for (int c = 0; c < 6; c++) {
                double[] eps = new double[9];
                eps[3 * voigt[c][0] + voigt[c][1]] = step;
                double[] neg = new double[9];
                neg[3 * voigt[c][0] + voigt[c][1]] = -step;
                double dEdEps = (energy(p, a.strained(eps)) - energy(p, a.strained(neg))) / (2 * step);
                if (c >= 3) dEdEps = (dEdEps + transposed(p, a, voigt[c], step)) / 2;
                assertEquals(dEdEps, -e.virial()[c], 1e-6, ix + " strain " + c);
            }
            assertTrue(Math.abs(e.virial()[0]) > 1e-3, "a rattled cell has stress");
        }
    }

    /** ∂E/∂ε_ba for the component {a, b} (the other half of a symmetric shear). */
    private static double transposed(M3gnet p, Atoms a, int[] ab, double step) {
        double[] eps = new double[9];
        eps[3 * ab[1] + ab[0]] = step;
        double[] neg = new double[9];
        neg[3 * ab[1] + ab[0]] = -step;
        return (energy(p, a.strained(eps)) - energy(p, a.strained(neg))) / (2 * step);
    }

    /** Both released models load; the MatPES one (smooth basis, 128 units) gives a finite energy of its own. */
    @Test
    void bothModelsLoadAndFloat32IsClose() throws IOException {
        Atoms a = triclinicSiO();
        double mp = energy(potential(MP, a.typeNames(), M3gnet.Indexing.MATGL), a);
        double matpes = energy(potential(MATPES, a.typeNames(), M3gnet.Indexing.MATGL), a);
        assertTrue(Double.isFinite(mp) && Double.isFinite(matpes));
        assertNotEquals(mp, matpes, 1e-3);
        assertEquals(mp / a.size(), matpes / a.size(), 1.5, "two fits of one chemistry agree to ~1 eV/atom");
        M3gnet single = new M3gnet(M3gnetModel.read(MP), a.typeNames(), M3gnet.Indexing.MATGL, DType.FLOAT32, ad);
        double e32 = energy(single, a);
        assertEquals(mp, e32, 1e-3);
        assertNotEquals(mp, e32, 1e-9);
    }

    /** The fused kernel (hand-written reverse mode) equals autodiff of the differentiable energy, both models, both indexings. */
    @Test
    void kernelEqualsAutodiff() throws IOException {
        Atoms a = triclinicSiO();
        NeighborList nl = new NeighborListBuilder(5.0, 0.5, false).build(a);
        for (Path model : List.of(MP, MATPES)) {
            for (M3gnet.Indexing ix : M3gnet.Indexing.values()) {
                M3gnet p = new M3gnet(M3gnetModel.read(model), a.typeNames(), ix, DType.FLOAT64, ad, 2);
                Evaluation k = p.compute(a, nl);
                Evaluation auto = p.computeByAutodiff(a, nl);
                String what = model.getFileName() + " " + ix;
                assertEquals(auto.energy(), k.energy(), 1e-9, what);
                for (int i = 0; i < 3 * a.size(); i++) assertEquals(auto.forces()[i], k.forces()[i], 1e-9, what + " force " + i);
                for (int c = 0; c < 6; c++) assertEquals(auto.virial()[c], k.virial()[c], 1e-9, what + " virial " + c);
            }
        }
    }

    /**
     * Mixed precision (the kernel's matrix products in float32) stays within float32's reach of float64 and of matgl's
     * own float32 (all ops): energy 1e-4 eV per atom, forces 1e-3 eV/Å, virial 1e-3 eV; and it does differ from float64.
     */
    @Test
    void mixedPrecisionIsCloseToFloat64AndToFloat32() throws IOException {
        Atoms a = triclinicSiO();
        NeighborList nl = new NeighborListBuilder(5.0, 0.5, false).build(a);
        M3gnetModel model = M3gnetModel.read(MP);
        Evaluation full = new M3gnet(model, a.typeNames(), M3gnet.Indexing.MATGL, M3gnet.Precision.FLOAT64, ad, 1).compute(a, nl);
        Evaluation mixed = new M3gnet(model, a.typeNames(), M3gnet.Indexing.MATGL, M3gnet.Precision.MIXED, ad, 1).compute(a, nl);
        Evaluation single = new M3gnet(model, a.typeNames(), M3gnet.Indexing.MATGL, M3gnet.Precision.FLOAT32, ad, 1).compute(a, nl);
        assertNotEquals(full.energy(), mixed.energy(), 1e-12);
        for (Evaluation other : List.of(full, single)) {
            assertEquals(other.energy() / a.size(), mixed.energy() / a.size(), 1e-4);
            for (int i = 0; i < 3 * a.size(); i++) assertEquals(other.forces()[i], mixed.forces()[i], 1e-3, "force " + i);
            for (int c = 0; c < 6; c++) assertEquals(other.virial()[c], mixed.virial()[c], 1e-3, "virial " + c);
        }
    }

    /**
     * Relaxed cubic lattice constants of the model's documentation (matgl pretrained_models/M3GNet-MP-2021.2.8-PES/README.md,
     * FrechetCellFilter, fmax 0.01): the a where the pressure of the conventional cell vanishes, by bisection, within 1e-3 Å.
     */
    @Test
    void relaxedCubicLatticeConstantsMatchTheModelsDocumentation() throws IOException {
        Object[][] cases = {{"Si", "diamond", 5.45671}, {"Al", "fcc", 4.05227}, {"Mo", "bcc", 3.16398}, {"Cu", "fcc", 3.61748}};
        for (Object[] c : cases) {
            String el = (String) c[0];
            M3gnet p = potential(MP, List.of(el), M3gnet.Indexing.MATGL);
            double expected = (Double) c[2];
            double lo = expected - 0.05;
            double hi = expected + 0.05;
            assertTrue(pressure(p, (String) c[1], el, lo) > 0 && pressure(p, (String) c[1], el, hi) < 0, el + ": bracket");
            while (hi - lo > 1e-5) {
                double mid = 0.5 * (lo + hi);
                if (pressure(p, (String) c[1], el, mid) > 0) lo = mid; else hi = mid;
            }
            assertEquals(expected, 0.5 * (lo + hi), 1e-3, el);
        }
    }

    /** Pressure −tr(σ)/3 ∝ tr(W) (sign only matters) of the cubic conventional cell of lattice constant a. */
    private static double pressure(M3gnet p, String lattice, String el, double a) {
        Atoms cell = org.polymorph.materials.structure.Lattices.build(lattice, a, new int[] {1, 1, 1}, el, 1.0);
        double[] w = eval(p, cell).virial();
        return w[0] + w[1] + w[2];
    }

    /**
     * Second derivatives through autodiff of the differentiable energy (md.elastic's clamped-ion tensor) equal second
     * central differences of the energy (h = 1e-4) on primitive diamond Si (whose collinear second-neighbour triples sit
     * at matgl's clamp of cos θ).
     */
    @Test
    void clampedIonElasticConstantsEqualSecondDifferences() throws IOException {
        double a0 = 5.4567;
        double[] h = {0, a0 / 2, a0 / 2, a0 / 2, 0, a0 / 2, a0 / 2, a0 / 2, 0};
        Atoms si = atoms(new double[] {0, 0, 0, a0 / 4, a0 / 4, a0 / 4}, new int[] {0, 0}, List.of("Si"), Box.periodic(h));
        M3gnet p = potential(MP, List.of("Si"), M3gnet.Indexing.MATGL);
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0, false).build(si);
        org.polymorph.autodiff.Ops o = ad.ops();
        double[] c = o.tensors().toDoubleArray(org.polymorph.materials.properties.Elastic.clampedIon(ad, p,
                org.polymorph.materials.properties.Statics.positions(o, si), org.polymorph.materials.properties.Statics.cell(o, si), p.parameters(o), si, nl).value());
        double v = si.box().volume();
        double step = 1e-4;
        // Voigt e1 = ε_xx, e2 = ε_yy, e4 = 2ε_yz
        double[][] unit = {{1, 0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0.5, 0, 0.5, 0}};
        int[] voigt = {0, 1, 3};
        for (int x = 0; x < 3; x++) {
            for (int y = x; y < 3; y++) {
                double sum = 0;
                for (int sx = -1; sx <= 1; sx += 2) {
                    for (int sy = -1; sy <= 1; sy += 2) {
                        double[] eps = new double[9];
                        for (int k = 0; k < 9; k++) eps[k] = step * (sx * unit[x][k] + sy * unit[y][k]);
                        sum += sx * sy * energy(p, si.strained(eps));
                    }
                }
                double fd = sum / (4 * step * step) / v;
                assertEquals(fd, c[6 * voigt[x] + voigt[y]], 2e-5, "C" + (voigt[x] + 1) + (voigt[y] + 1) + " (eV/A^3)");
            }
        }
    }
}
