package org.polymorph.materials.internal.method;

import java.util.List;
import java.util.Locale;
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
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.properties.Elastic;
import org.polymorph.materials.structure.Atoms;

/**
 * md.elastic: the clamped-ion C⁰ = (1/V)∂²E/∂e∂e and relaxed-ion C = C⁰ − (1/V)ΛᵀH⁺Λ elastic tensors
 * (Voigt 6×6, GPa) by autodiff of the potential's energy ({@link Elastic}), at the structure as given
 * or, with {@code relax=true}, after relaxing positions and cell to zero stress (L-BFGS); cubic
 * summaries C11, C12, C44 and the bulk modulus. Writes {@code elastic.csv} (both 6×6 tensors).
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
        return "elastic constants by autodiff: clamped- and relaxed-ion 6x6 (GPa), cubic C11, C12, C44, bulk modulus (GPa); elastic.csv";
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
            atoms = r.atoms();
            out.put("relaxed", r.converged()).put("relax_steps", r.steps());
        }
        progress.message("elastic constants of " + atoms.size() + " atoms by autodiff");
        var nl = new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(atoms);
        Elastic.Constants c = Elastic.compute(ad.get(), pot, atoms, nl);
        Elastic.Cubic cc = c.clampedCubic();
        Elastic.Cubic rc = c.relaxedCubic();
        out.put("volume", atoms.box().volume()).put("cell", Outputs.cell(atoms))
                .put("C11", rc.c11()).put("C12", rc.c12()).put("C44", rc.c44()).put("bulk_modulus", rc.bulkModulus())
                .put("clamped", java.util.Map.of("C11", cc.c11(), "C12", cc.c12(), "C44", cc.c44(), "bulk_modulus", cc.bulkModulus()))
                .put("clamped_6x6", Outputs.matrix(c.clamped())).put("relaxed_6x6", Outputs.matrix(c.relaxed()));
        List<double[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) rows.add(concat(0, i, c.clamped()[i]));
        for (int i = 0; i < 6; i++) rows.add(concat(1, i, c.relaxed()[i]));
        Outputs.csv(dir, "elastic.csv", "relaxed_ion,row,c1_GPa,c2_GPa,c3_GPa,c4_GPa,c5_GPa,c6_GPa", rows);
        out.put("seconds", (System.nanoTime() - t0) / 1e9).put("files", List.of("elastic.csv"));
        out.summary(String.format(Locale.ROOT, "relaxed-ion C11 = %.2f, C12 = %.2f, C44 = %.2f GPa, B = %.2f GPa (clamped-ion C44 = %.2f GPa)",
                rc.c11(), rc.c12(), rc.c44(), rc.bulkModulus(), cc.c44()));
        return out.build();
    }

    private static double[] concat(int kind, int row, double[] v) {
        double[] out = new double[8];
        out[0] = kind;
        out[1] = row + 1;
        System.arraycopy(v, 0, out, 2, 6);
        return out;
    }
}
