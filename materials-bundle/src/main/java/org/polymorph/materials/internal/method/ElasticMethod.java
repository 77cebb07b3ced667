package org.polymorph.materials.internal.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.properties.CrystalSymmetry;
import org.polymorph.materials.internal.properties.ElasticSymmetry;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.properties.Elastic;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.structure.Atoms;

/**
 * md.elastic: the clamped-ion C⁰ = (1/V)∂²E/∂e∂e and relaxed-ion C = C⁰ − (1/V)ΛᵀH⁺Λ elastic tensors
 * (Voigt 6×6, GPa) by autodiff of the potential's energy ({@link Elastic}), at the structure as given
 * or, with {@code relax=true}, after relaxing positions and cell to zero stress (L-BFGS). The crystal's
 * Laue class ({@link CrystalSymmetry}) decides which constants are reported ({@link ElasticSymmetry}):
 * C11, C12, C44 for cubic; C11, C12, C13, C33, C44 for hexagonal; … the 21 of the 6×6 for triclinic;
 * each averaged over the class's rotations and given in its standard frame, with the Voigt bulk modulus.
 * Warns ({@link ElasticChecks}) where the numbers look unphysical. Writes {@code elastic.csv} (both 6×6 tensors).
 */
public final class ElasticMethod implements Method {
    /** The relaxed-ion term needs the dense 3N×3N Hessian: beyond this many atoms it is too slow and large. */
    static final int MAX_ATOMS = 1000;
    private final Supplier<AD> ad;

    private final PotentialCatalog potentials;

    /** An engine per run; {@code potentials}: the pair styles that {@code potential=} names. */
    public ElasticMethod(Supplier<AD> ad, PotentialCatalog potentials) {
        this.ad = ad;
        this.potentials = potentials;
    }

    @Override public String id() { return "md.elastic"; }

    @Override public String description() {
        return "elastic constants by autodiff: clamped- and relaxed-ion 6x6 (GPa), the independent constants of the crystal's class "
                + "(cubic C11, C12, C44; hexagonal C11, C12, C13, C33, C44; ...; triclinic all 21), Voigt bulk modulus (GPa); elastic.csv";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), Structures.potentialParams(potentials), List.of(
                ParamSpec.bool("relax", true, "relax positions and cell to zero stress first (L-BFGS)"),
                ParamSpec.real("fmax", 1e-6, "eV/Å", 1e-12, 1, "force tolerance of the relaxation"),
                ParamSpec.real("stress_tol", 1e-6, "GPa", 1e-12, 1, "stress tolerance of the relaxation")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Atoms atoms = Structures.load(p);
        if (atoms.size() > MAX_ATOMS) {
            throw BadInputException.forParam("repeat", atoms.size() + " atoms", "md.elastic builds the dense 3N×3N Hessian; at most " + MAX_ATOMS + " atoms",
                    "use the smallest periodic cell (e.g. repeat=1,1,1 or 2,2,2): elastic constants do not depend on the supercell");
        }
        if (!(atoms.box().allPeriodic())) {
            throw BadInputException.forParam("structure", "non-periodic", "elastic constants need a cell periodic on all axes", "give a periodic structure");
        }
        Potential pot = Structures.potential(potentials, p, atoms);
        Result.Builder out = Result.builder().put("natoms", atoms.size());
        if (p.getBoolean("relax")) {
            progress.message("relaxing positions and cell");
            ForceField ff = new CancellableForceField(PotentialForceField.of(pot, 0.5), progress, "md.elastic's relaxation");
            var r = Minimizers.lbfgs(ff, new Criteria(p.getDouble("fmax"), p.getDouble("stress_tol"), 10_000),
                    CellFilter.zeroPressure(UnitSystem.METAL)).minimize(atoms);
            ElasticChecks.volumeChange(out, atoms.box().volume(), r.atoms().box().volume());
            atoms = r.atoms();
            out.put("relaxed", r.converged()).put("relax_steps", r.steps());
            if (!r.converged()) {
                out.warn("the relaxation stopped after " + r.steps() + " steps without reaching fmax and stress_tol: the constants are"
                        + " those of a structure under stress; check a (or the structure) and the potential, or raise fmax/stress_tol");
            }
        }
        progress.message("elastic constants of " + atoms.size() + " atoms by autodiff");
        var nl = new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(atoms);
        Elastic.Constants c = Elastic.compute(ad.get(), pot, atoms, nl);
        ElasticSymmetry rc = constants(out, CrystalSymmetry.of(atoms, CrystalSymmetry.SYMPREC), c);
        out.put("volume", atoms.box().volume()).put("cell", Outputs.cell(atoms))
                .put("clamped_6x6", Outputs.matrix(c.clamped())).put("relaxed_6x6", Outputs.matrix(c.relaxed()));
        List<double[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) rows.add(concat(0, i, c.clamped()[i]));
        for (int i = 0; i < 6; i++) rows.add(concat(1, i, c.relaxed()[i]));
        Outputs.csv(dir, "elastic.csv", "relaxed_ion,row,c1_GPa,c2_GPa,c3_GPa,c4_GPa,c5_GPa,c6_GPa", rows);
        out.put("seconds", (System.nanoTime() - t0) / 1e9).put("files", List.of("elastic.csv"));
        ElasticChecks.unphysical(out, Statics.stressGPa(ad.get(), pot, atoms, nl), c.relaxed(), rc);
        return out.build();
    }

    /**
     * Puts the crystal class, its independent relaxed-ion constants (top level), the clamped-ion ones ({@code clamped}),
     * the frame where it is not the cell's axes and the symmetry deviation (GPa), with their summary lines.
     */
    private static ElasticSymmetry constants(Result.Builder out, CrystalSymmetry sym, Elastic.Constants c) {
        ElasticSymmetry rc = ElasticSymmetry.of(sym, c.relaxed());
        ElasticSymmetry cc = ElasticSymmetry.of(sym, c.clamped());
        out.put("crystal_system", rc.laue().system()).put("laue_class", rc.laue().symbol()).put("independent_constants", rc.names());
        for (int k = 0; k < rc.names().size(); k++) out.put(rc.names().get(k), rc.values()[k]);
        out.put("bulk_modulus", rc.bulkModulus()).put("clamped", constants(cc)).put("symmetry_deviation", rc.deviation());
        out.summary(String.format(Locale.ROOT, "%s (Laue class %s): relaxed-ion %s GPa, B = %.2f GPa (Voigt)",
                rc.laue().system(), rc.laue().symbol(), listed(rc), rc.bulkModulus()));
        out.summary("clamped-ion " + listed(cc) + " GPa");
        if (!rc.cellAxes()) {
            double[] q = rc.frame();
            out.put("frame", Outputs.matrix(new double[][] {{q[0], q[1], q[2]}, {q[3], q[4], q[5]}, {q[6], q[7], q[8]}}));
            out.summary("constants in the class's standard frame: rows of 'frame' in result.json are its x, y, z");
        }
        return rc;
    }

    private static Map<String, Object> constants(ElasticSymmetry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < e.names().size(); k++) m.put(e.names().get(k), e.values()[k]);
        m.put("bulk_modulus", e.bulkModulus());
        return m;
    }

    /** "C11 = 165.64, C12 = 63.94, C44 = 75.33". */
    private static String listed(ElasticSymmetry e) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < e.names().size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(e.names().get(k)).append(String.format(Locale.ROOT, " = %.2f", e.values()[k]));
        }
        return sb.toString();
    }

    private static double[] concat(int kind, int row, double[] v) {
        double[] out = new double[8];
        out[0] = kind;
        out[1] = row + 1;
        System.arraycopy(v, 0, out, 2, 6);
        return out;
    }
}
