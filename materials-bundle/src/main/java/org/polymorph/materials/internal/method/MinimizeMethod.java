package org.polymorph.materials.internal.method;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Minimizer;
import org.polymorph.materials.minimize.Relaxation;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;

/**
 * md.minimize: local relaxation with FIRE, L-BFGS or gradient descent, of the positions or of
 * positions and cell (towards {@code pressure}, GPa); stops when every force is below {@code fmax}
 * (eV/Å) and, with the cell, every stress component within {@code stress_tol} (GPa). Writes the
 * final structure as {@code final.extxyz} and {@code final.POSCAR} (periodic cells).
 */
public final class MinimizeMethod implements Method {
    private final PotentialCatalog potentials;

    /** {@code potentials}: the pair styles that {@code potential=} names. */
    public MinimizeMethod(PotentialCatalog potentials) { this.potentials = potentials; }

    @Override public String id() { return "md.minimize"; }

    @Override public String description() {
        return "relaxes positions (and the cell with relax_cell=true) by fire, lbfgs or gd; energy (eV), fmax (eV/Å), volume (Å³); "
                + "final.extxyz, final.POSCAR";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), Structures.potentialParams(potentials), List.of(
                ParamSpec.choice("minimizer", "fire", List.of("fire", "lbfgs", "gd"), "FIRE, L-BFGS or gradient descent with line search"),
                ParamSpec.bool("relax_cell", false, "relax the cell too (ASE's UnitCellFilter idea)"),
                ParamSpec.real("pressure", 0.0, "GPa", -1e4, 1e4, "target hydrostatic pressure with relax_cell"),
                ParamSpec.real("fmax", 0.01, "eV/Å", 1e-12, 1e3, "stop when every force component is below this"),
                ParamSpec.real("stress_tol", 0.01, "GPa", 1e-12, 1e3, "with relax_cell, stop when every stress component is this close to the target"),
                ParamSpec.integer("steps", 1000, "steps", 1, 100_000_000, "most iterations"),
                ParamSpec.real("rattle", 0.0, "Å", 0, 1, "random displacement (uniform in ±rattle per component, seed) applied before relaxing"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of rattle")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Atoms atoms = rattle(Structures.load(p), p.getDouble("rattle"), p.getInt("seed"));
        Potential pot = Structures.potential(potentials, p, atoms);
        boolean cell = p.getBoolean("relax_cell");
        if (cell && !(atoms.box().allPeriodic())) {
            throw BadInputException.forParam("relax_cell", true, "the structure's cell is not periodic on all axes", "use relax_cell=false for a cluster");
        }
        double e0 = energy(pot, atoms).energy();
        ForceField ff = new CancellableForceField(new RelaxationGuard(PotentialForceField.of(pot, 0.5), "md.minimize"), progress, "md.minimize");
        Criteria crit = new Criteria(p.getDouble("fmax"), p.getDouble("stress_tol"), p.getInt("steps"));
        CellFilter filter = cell ? new CellFilter(UnitSystem.METAL, p.getDouble("pressure")) : null;
        Minimizer m;
        switch (p.getString("minimizer")) {
            case "fire": m = cell ? Minimizers.fire(ff, crit, filter) : Minimizers.fire(ff, crit); break;
            case "lbfgs": m = cell ? Minimizers.lbfgs(ff, crit, filter) : Minimizers.lbfgs(ff, crit); break;
            default: m = cell ? Minimizers.gradientDescent(ff, crit, filter) : Minimizers.gradientDescent(ff, crit); break;
        }
        progress.message("minimising " + atoms.size() + " atoms with " + p.getString("minimizer") + (cell ? " (cell too)" : ""));
        Relaxation r = m.minimize(atoms);
        Atoms fin = r.atoms();
        Evaluation ev = energy(pot, fin);
        Outputs.extxyz(dir, "final.extxyz", List.of(Outputs.frame(fin, null, ev, Map.of())));
        Result.Builder out = Result.builder().put("natoms", fin.size()).put("converged", r.converged()).put("steps", r.steps())
                .put("initial_energy", e0).put("energy", r.energy()).put("energy_per_atom", r.energy() / fin.size()).put("fmax", r.fmax());
        if (fin.box().allPeriodic()) {
            dir.writeFile("final.POSCAR", path -> StructureFiles.writePoscar(path, fin, true));
            double[][] s = Outputs.stressGPa(ev.virial(), fin.box().volume());
            out.put("volume", fin.box().volume()).put("cell", Outputs.cell(fin)).put("stress", Outputs.matrix(s))
                    .put("pressure", -(s[0][0] + s[1][1] + s[2][2]) / 3);
            if (cell) out.put("stress_deviation", r.stress());
        }
        out.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.summary(String.format(Locale.ROOT, "%s after %d steps: E = %.10g eV (%.8g eV/atom, from %.10g), fmax = %.3g eV/Å",
                r.converged() ? "converged" : "NOT converged", r.steps(), r.energy(), r.energy() / fin.size(), e0, r.fmax()));
        return out.build();
    }

    static Evaluation energy(Potential pot, Atoms atoms) {
        Evaluation ev = pot.compute(atoms, new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(atoms));
        Checks.finite(ev, "md.minimize");
        return ev;
    }

    static Atoms rattle(Atoms atoms, double amplitude, int seed) {
        if (amplitude == 0) return atoms;
        org.polymorph.core.tensor.RandomKey key = org.polymorph.core.tensor.RandomKey.of(seed);
        double[] r = atoms.positions();
        for (int k = 0; k < r.length; k++) r[k] += amplitude * (2 * key.uniform(k) - 1);
        return atoms.withPositions(r);
    }
}
