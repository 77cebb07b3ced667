package org.polymorph.materials.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.polymorph.autodiff.AD;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Runs LAMMPS ({@code lmp} on PATH; the check is skipped without it) on a strained 8-atom diamond cell with a written file. */
final class LammpsCheck {
    private LammpsCheck() { }

    static void sameEnergyAsLammps(AD ad, String style, Path file, double[] values) throws Exception {
        String lmp = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, "lmp"))) lmp = Path.of(d, "lmp").toString();
        if (lmp == null) {
            System.out.println("lmp not on PATH: LAMMPS comparison skipped");
            return;
        }
        Path dir = Files.createTempDirectory("ff-lmp");
        String in = String.join("\n", "units metal", "boundary p p p", "lattice diamond 5.431", "region box block 0 1 0 1 0 1",
                "create_box 1 box", "create_atoms 1 box", "mass 1 28.0855", "change_box all x scale 1.01 y scale 0.995 remap",
                "pair_style " + style, "pair_coeff * * " + file.toAbsolutePath() + " Si", "run 0",
                "print \"PE_RESULT $(pe:%.17g)\"", "");
        Files.writeString(dir.resolve("in.lmp"), in);
        Process p = new ProcessBuilder(lmp, "-in", "in.lmp", "-log", "log.lammps", "-screen", "screen.txt").directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("lmp did not finish");
        String out = Files.readString(dir.resolve("screen.txt"));
        double lammps = Double.NaN;
        for (String line : out.split("\n")) if (line.startsWith("PE_RESULT")) lammps = Double.parseDouble(line.substring(9).trim());
        if (Double.isNaN(lammps)) throw new AssertionError("no energy from LAMMPS:\n" + out);
        Atoms a = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855).strained(new double[] {0.01, 0, 0, 0, -0.005, 0, 0, 0, 0});
        Potential pot = fittable(style).potential(values);
        double ours = pot.compute(a, new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(a)).energy();
        System.out.printf("LAMMPS %s energy %.12f eV, ours %.12f eV%n", style, lammps, ours);
        assertEquals(lammps, ours, 1e-8 * Math.abs(lammps), "energy of the fitted file: LAMMPS vs ours");
    }

    private static FittableStyle fittable(String style) {
        return FixedCatalog.builtin().provider(style).fittable().orElseThrow();
    }
}
