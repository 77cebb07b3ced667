package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.files.ThreeBodyFile;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/** Two-element files: per-triplet parameters reach the fused kernels and the differentiable energies alike. */
class MultiElementTest {
    private static final List<String> ELEMENTS = List.of("Si", "X");

    /** A two-element file whose entry (a, b, c) is the Si entry scaled by 1 + 0.01 (a + 2b + 4c), except {@code keep}. */
    static Path twoElementFile(Path dir, String name, int count, int keep) throws Exception {
        ThreeBodyFile.Entry si = ThreeBodyFile.parse(name, Files.readString(Oracles.potentialFile(name)), count).get(0);
        StringBuilder sb = new StringBuilder("# synthetic two-element file\n");
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 2; c++) {
                    sb.append(ELEMENTS.get(a)).append(' ').append(ELEMENTS.get(b)).append(' ').append(ELEMENTS.get(c)).append('\n');
                    for (int p = 0; p < count; p++) {
                        double scale = p == keep ? 1 : 1 + 0.01 * (a + 2 * b + 4 * c);
                        sb.append(String.format(Locale.ROOT, " %.17g", si.values()[p] * scale));
                    }
                    sb.append('\n');
                }
            }
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    static Atoms alternating(Atoms one, List<String> names) {
        int[] types = new int[one.size()];
        for (int i = 0; i < types.length; i++) types[i] = (i * 7 / 3) % 2;
        return new Atoms(one.positions(), types, names, new double[] {28.0855, 28.0855}, one.box());
    }

    @Test
    void twoTypesMappedToOneElementReproduceTheOneTypeResult() {
        String name = "Si_SW_diamond_2x2x2_a5.431_displaced";
        Atoms one = Oracles.atoms(name, "Si", 28.0855);
        Atoms two = alternating(one, List.of("Si", "Si2"));
        Potential[][] pots = {
            {StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si")), StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si", "Si"))},
            {Tersoff.read(Oracles.potentialFile("Si.tersoff"), List.of("Si")), Tersoff.read(Oracles.potentialFile("Si.tersoff"), List.of("Si", "Si"))},
            {Edip.read(Oracles.potentialFile("Si.edip"), List.of("Si")), Edip.read(Oracles.potentialFile("Si.edip"), List.of("Si", "Si"))}};
        for (Potential[] p : pots) {
            Evaluation a = p[0].compute(one, ThreeBodyChecks.list(p[0], one, 0.3));
            Evaluation b = p[1].compute(two, ThreeBodyChecks.list(p[1], two, 0.3));
            assertEquals(a.energy(), b.energy(), 1e-12 * Math.abs(a.energy()), p[0].style());
            assertEquals(0, ThreeBodyChecks.maxDiff(a.forces(), b.forces()), 1e-12, p[0].style());
        }
    }

    @Test
    void twoElementParametersAgreeBetweenKernelAndAutodiffAndPassGradCheck(@TempDir Path dir) throws Exception {
        Atoms atoms = alternating(Oracles.atoms("Si_SW_diamond_2x2x2_a5.431_displaced", "Si", 28.0855), ELEMENTS);
        Potential[] pots = {
            StillingerWeber.read(twoElementFile(dir, "Si.sw", 11, -1), ELEMENTS),
            Tersoff.read(twoElementFile(dir, "Si.tersoff", 14, 0), ELEMENTS),
            Edip.read(twoElementFile(dir, "Si.edip", 17, -1), ELEMENTS)};
        Atoms small = alternating(ThreeBodyChecks.smallCell(5.431, 0.1, 3), ELEMENTS);
        for (Potential p : pots) {
            ThreeBodyChecks.autodiffAgrees(p, atoms);
            ThreeBodyChecks.gradCheck(p, small);
        }
    }
}
