package org.polymorph.materials.internal.forcefield;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.Eam;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The systems of bench.ff's trajectory section, at the sizes the benchmark goals name ({@code small}: a few dozen atoms,
 * for tests): lj_rdf, 4,000 argon atoms (fcc 10³, lj/cut ε 0.0104 eV, σ 3.4 Å, rc 8.5 Å, 60 K, 2 fs) over θ = (ε, σ),
 * target at ε × 1.05; sw_vdos and tersoff_vdos, 512 silicon atoms (diamond 4³, 300 K, 1 fs) over three scaled file
 * numbers as ff.fit frees them, target with the first × 1.05; eam_vdos, 500 copper atoms (fcc 5³, a = 3.615 Å, Cu_u3.eam,
 * 300 K, 1 fs) over θ = scale factors of the F, ρ and r·φ grid tables ({@link Eam#tableScales}), target with F's × 1.05.
 */
final class TrajectoryCases {
    static final List<String> NAMES = List.of("lj_rdf", "sw_vdos", "tersoff_vdos", "eam_vdos");

    private final AD ad;
    private final PotentialCatalog potentials;
    private final RunDirectory dir;
    private final boolean small;
    private final int steps;

    TrajectoryCases(AD ad, PotentialCatalog potentials, RunDirectory dir, boolean small, int steps) {
        this.ad = ad;
        this.potentials = potentials;
        this.dir = dir;
        this.small = small;
        this.steps = steps;
    }

    TrajectoryBench.Case get(String name) throws IOException {
        return switch (name) {
            case "lj_rdf" -> new TrajectoryBench.Case(name, lj(), new double[] {0.0104, 3.4}, new double[] {0.0104 * 1.05, 3.4},
                    Lattices.build("fcc", 5.26, cells(small ? 2 : 10), "Ar", 39.948), 60, 2, small ? 20 : 200, steps, false);
            case "sw_vdos" -> silicon(name, "sw", "Si.sw", List.of("epsilon", "sigma", "lambda"));
            case "tersoff_vdos" -> silicon(name, "tersoff", "Si.tersoff", List.of("A", "B", "lam1"));
            case "eam_vdos" -> new TrajectoryBench.Case(name, Eam.funcfl(extract("Cu_u3.eam")).tableScales(), new double[] {1.02, 0.99, 1.03},
                    new double[] {1.05, 1, 1}, Lattices.build("fcc", 3.615, cells(small ? 2 : 5), "Cu", 63.546), 300, 1, small ? 20 : 200, steps, true);
            default -> throw new IllegalArgumentException("unknown trajectory case " + name + "; use one of " + NAMES);
        };
    }

    private static int[] cells(int n) { return new int[] {n, n, n}; }

    private TrajectoryBench.Case silicon(String name, String style, String file, List<String> free) throws IOException {
        Path path = extract(file);
        Target elastic = new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1);
        FusedEnergy.Family family = new Fitter(ad, potentials, new Fit(style, path, "Si", free, Map.of(), List.of(elastic), "lbfgs", 1, 0.01, 0))
                .objective().family();
        Atoms si = Lattices.build("diamond", 5.431, cells(small ? 2 : 4), "Si", 28.0855);
        return new TrajectoryBench.Case(name, family, new double[] {1.02, 0.99, 1.03}, new double[] {1.05, 1, 1}, si, 300, 1, small ? 20 : 200, steps, true);
    }

    /** lj/cut over θ = (ε, σ), the kernel's own parameter vector. */
    private static FusedEnergy.Family lj() {
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] t) { return new LjCut(t[0], t[1], 8.5, false); }

            @Override public Object params(Ops o, Var t) {
                return new LjCut.Params(o.reshape(o.sliceAxis(t, 0, 0, 1), 1, 1), o.reshape(o.sliceAxis(t, 0, 1, 2), 1, 1));
            }

            @Override public double[] parameterJacobian(double[] t) { return new double[] {1, 0, 0, 1}; }
        };
    }

    private Path extract(String file) throws IOException {
        try (InputStream in = TrajectoryCases.class.getResourceAsStream("/potentials/" + file)) {
            if (in == null) throw new IllegalStateException("the bundle lacks its resource potentials/" + file);
            return dir.writeBytes(file, in.readAllBytes());
        }
    }
}
