package org.polymorph.materials.internal.method;

import java.util.List;
import java.util.Map;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;

/**
 * md.evaluate: energy (eV), forces [N][3] (eV/Å), stress [3][3] (GPa, (1/V)·∂E/∂ε as ASE: −W/V with
 * the virial W) and pressure −tr(stress)/3 (GPa) of one structure, by the potential's fused kernel.
 * Writes {@code evaluated.extxyz} (positions, forces, energy).
 */
public final class EvaluateMethod implements Method {
    private final PotentialCatalog potentials;

    /** {@code potentials}: the pair styles that {@code potential=} names. */
    public EvaluateMethod(PotentialCatalog potentials) { this.potentials = potentials; }

    @Override public String id() { return "md.evaluate"; }

    @Override public String description() {
        return "energy (eV), forces (eV/Å), stress and pressure (GPa) of a structure with an interatomic potential";
    }

    @Override public List<ParamSpec> params() { return Structures.join(Structures.structureParams(), Structures.potentialParams(potentials)); }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) throws Exception {
        Atoms atoms = Structures.load(params);
        Potential pot = Structures.potential(potentials, params, atoms);
        progress.message("evaluating " + atoms.size() + " atoms with " + pot.style());
        NeighborList nl = new NeighborListBuilder(pot.cutoff(), 0, !pot.needsFullList()).build(atoms);
        Evaluation ev = pot.compute(atoms, nl);
        Checks.finite(ev, "md.evaluate");
        Result.Builder r = Result.builder().put("natoms", atoms.size()).put("energy", ev.energy())
                .put("energy_per_atom", ev.energy() / atoms.size()).put("forces", Outputs.rows3(ev.forces()));
        if (atoms.box().anyPeriodic()) {
            double v = atoms.box().volume();
            double[][] s = Outputs.stressGPa(ev.virial(), v);
            double pressure = Outputs.pressure(s);
            r.put("stress", Outputs.matrix(s)).put("pressure", pressure).put("volume", v);
            r.summary(String.format(java.util.Locale.ROOT, "%d atoms, E = %.8g eV (%.8g eV/atom), P = %.6g GPa, V = %.6g Å³",
                    atoms.size(), ev.energy(), ev.energy() / atoms.size(), pressure, v));
        } else {
            r.summary(String.format(java.util.Locale.ROOT, "%d atoms (no periodic cell), E = %.8g eV", atoms.size(), ev.energy()));
        }
        Outputs.extxyz(dir, "evaluated.extxyz", List.of(Outputs.frame(atoms, null, ev, Map.of())));
        return r.put("potential", pot.style()).put("files", List.of("evaluated.extxyz")).build();
    }
}
