package org.polymorph.materials.internal.crystal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.materials.internal.method.Structures;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.matching.StructureMatch;
import org.polymorph.materials.matching.StructureMatcher;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.symmetry.SymmetryDataset;
import org.polymorph.materials.symmetry.SymmetryFinder;

/**
 * crystal.predict: the a2c workflow (Aykol et al., arXiv 2310.01117; jax-md's {@code a2c_workflow.py}). Packs
 * {@code composition} in a cubic box, melts and quenches it (NVT), cuts it into subcells, relaxes each (independent work
 * items, {@link RelaxWork}, on the Distributed service's local threads or the cluster's members; checkpointed), keeps the
 * valid ones, ranks them by energy per atom, classifies and groups them, and names the lowest by the polymorph library. Files: {@code amorphous.extxyz}, {@code amorphous.cif}, {@code melt_quench.csv},
 * {@code candidates.csv}, {@code groups.csv}, {@code references.csv}, {@code candidates/*.cif} (each group's lowest),
 * {@code energy_histogram.png}.
 */
public final class PredictMethod implements Method {
    private final PotentialCatalog potentials;
    private final Optional<SpaceGroupOf> finder;
    private final Optional<SameStructure> matcher;
    /** Runs the subcell relaxations ({@link RelaxWork}); null: one after another on the run's thread. */
    private final Supplier<Distributed> distributed;

    /** Without a space-group finder and a structure matcher: groups by composition and energy alone, space groups unclassified. */
    public PredictMethod(PotentialCatalog potentials) { this(potentials, Optional.empty(), Optional.empty(), null); }

    /**
     * With the bundle's space-group finder (spglib's method, its default angle tolerance; a subcell with no consistent group
     * at symprec counts as P1) and structure matcher (pymatgen's StructureMatcher with its default tolerances).
     */
    public PredictMethod(PotentialCatalog potentials, SymmetryFinder finder, StructureMatcher matcher, Supplier<Distributed> distributed) {
        this(potentials, Optional.of((atoms, symprec) -> {
            try {
                SymmetryDataset d = finder.find(atoms, symprec, -1);
                return new SpaceGroupOf.Classified(d.spacegroupNumber(), d.spacegroupSymbol());
            } catch (IllegalArgumentException e) {
                return new SpaceGroupOf.Classified(1, "P1");
            }
        }), Optional.of((a, b) -> {
            StructureMatch m = matcher.match(a, b, MatchOptions.defaults());
            return m.match() && m.best().isPresent() ? OptionalDouble.of(m.best().get().rms()) : OptionalDouble.empty();
        }), distributed);
    }

    /** {@code distributed}: the service the subcell relaxations run on, or null to run them one after another on the run's thread. */
    PredictMethod(PotentialCatalog potentials, Optional<SpaceGroupOf> finder, Optional<SameStructure> matcher, Supplier<Distributed> distributed) {
        this.potentials = potentials;
        this.finder = finder;
        this.matcher = matcher;
        this.distributed = distributed;
    }

    /** Without a Distributed service: the relaxations one after another on the run's thread. */
    PredictMethod(PotentialCatalog potentials, Optional<SpaceGroupOf> finder, Optional<SameStructure> matcher) {
        this(potentials, finder, matcher, null);
    }

    @Override public String id() { return "crystal.predict"; }

    @Override public String description() {
        return "a2c: random packing, melt-quench NVT, subcells relaxed (FIRE + cell; work items on local threads or the cluster), "
                + "ranked by energy/atom (eV/atom), grouped, "
                + "matched to known polymorphs; candidates.csv, groups.csv, candidates/*.cif, amorphous.extxyz, melt_quench.csv, energy_histogram.png";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(List.of(
                ParamSpec.text("composition", null, "formula with atom counts, e.g. Si64 or Ti16O32"),
                ParamSpec.real("box_length", 0.0, "Å", 0, 1000, "edge of the cubic box; 0: from density"),
                ParamSpec.real("density", 0.0, "g/cm³", 0, 100, "density that sets the box when box_length is 0"),
                ParamSpec.real("diameter", 2.2, "Å", 0.1, 10, "soft-sphere diameter of the packing's overlap removal (2.2: Si, twice its atomic radius)"),
                ParamSpec.integer("packing_steps", 2000, "steps", 0, 10_000_000, "most FIRE iterations of the overlap removal"),
                ParamSpec.real("t_high", 2000.0, "K", 1, 1e5, "melt temperature"),
                ParamSpec.real("t_low", 300.0, "K", 1, 1e5, "quench temperature (at most T_high)"),
                ParamSpec.integer("equi_steps", 2500, "steps", 0, 100_000_000, "MD steps held at T_high"),
                ParamSpec.integer("cool_steps", 2500, "steps", 0, 100_000_000, "MD steps of linear cooling"),
                ParamSpec.integer("final_steps", 2500, "steps", 0, 100_000_000, "MD steps held at T_low"),
                ParamSpec.real("dt", 2.0, "fs", 0.01, 20, "MD time step"),
                ParamSpec.real("tau", 40.0, "steps", 1, 1e6, "Nosé–Hoover time constant in time steps (jax-md's tau)"),
                ParamSpec.integer("thermo_every", 10, "steps", 1, 1_000_000, "melt_quench.csv row every this many steps"),
                ParamSpec.integer("seed", 42, "", 0, Integer.MAX_VALUE, "seed of the packing and the velocities"),
                ParamSpec.real("d_frac", 0.1, "", 0.01, 1, "fractional grid spacing of the subcell cuts"),
                ParamSpec.integer("n_min", 2, "atoms", 1, 100_000, "fewest atoms in a subcell"),
                ParamSpec.integer("n_max", 8, "atoms", 1, 100_000, "most atoms in a subcell"),
                ParamSpec.text("sizes", "", "keep only subcells of these atom counts, comma-separated (jax-md's demo: 2,4,8); empty: all"),
                ParamSpec.bool("cubic_only", false, "keep only subcells spanning equal numbers of grid slabs on the three axes"),
                ParamSpec.text("restrict_to_compositions", "", "keep only subcells of these formulas, comma-separated (e.g. TiO2,Ti2O3); empty: any"),
                ParamSpec.integer("max_coef", 0, "", 0, 12, "keep only subcells whose reduced formula has every count <= this (A, AB2, A2B for 2); 0: any"),
                ParamSpec.integer("relax_steps", 500, "steps", 1, 1_000_000, "most FIRE iterations per subcell"),
                ParamSpec.real("fmax", 0.05, "eV/Å", 1e-8, 100, "subcell relaxation stops when every force is below this"),
                ParamSpec.real("stress_tol", 0.1, "GPa", 1e-8, 1000, "and every stress component within this of zero"),
                ParamSpec.real("e_tol", 0.001, "eV", 0, 10, "tolerance of the energy-decrease and formation-energy tests"),
                ParamSpec.real("fe_lower_limit", -5.0, "eV/atom", -100, 100, "lowest formation energy accepted (with element_energies)"),
                ParamSpec.real("fe_upper_limit", 0.0, "eV/atom", -100, 100, "highest formation energy accepted (with element_energies)"),
                ParamSpec.real("fusion_distance", 1.5, "Å", 0, 10, "reject subcells with two atoms closer than this"),
                ParamSpec.text("element_energies", "", "energy per atom of each element's reference phase, El:eV,... (e.g. Si:-4.3366); empty: no formation-energy test"),
                ParamSpec.real("group_energy_tol", 0.001, "eV/atom", 0, 10, "candidates this close in energy per atom (and matching) form one group"),
                ParamSpec.real("symprec", 0.01, "Å", 1e-6, 1, "tolerance of the space-group finder"),
                ParamSpec.path("references", "", "folder of CIF files of known polymorphs; empty: the shipped library"),
                ParamSpec.integer("threads", 0, "", 0, 1024, "subcells handed out at once to the work threads (polymorph.work.threads, default all"
                        + " processors) or the cluster; 0: a whole checkpoint batch at once"),
                ParamSpec.integer("checkpoint_every", 64, "subcells", 1, 1_000_000_000L, "checkpoint after this many relaxed subcells"),
                ParamSpec.bool("resume", false, "continue from the checkpoint in the run directory (--out of the earlier run)"),
                Placement.spec()),
                Structures.potentialParams(potentials));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Composition comp = Composition.parse(p.getString("composition"), "composition");
        Potential pot = potentials.create(p.getString("potential"), p.getString("potential_file"), p.getString("overrides"), comp.elements());
        Validation validation = new Validation(p.getDouble("e_tol"), p.getDouble("fe_lower_limit"), p.getDouble("fe_upper_limit"),
                p.getDouble("fusion_distance"), PredictInputs.elementEnergies(p, comp));
        Subcells.Filter filter = PredictInputs.filter(p, comp);
        List<PolymorphLibrary.Polymorph> library = p.getString("references").isEmpty() ? PolymorphLibrary.builtin()
                : PolymorphLibrary.folder(Path.of(p.getString("references")), "references");

        // 1–2. packing and melt–quench, or the checkpoint's amorphous cell
        Checkpoint resumed = p.getBoolean("resume") ? Checkpoint.resume(dir, PredictCheckpoint.FILE, this, p) : null;
        PredictCheckpoint.Amorphous am = resumed != null ? PredictCheckpoint.amorphous(resumed) : amorphous(p, comp, pot, progress, seconds);
        // 3. subcells
        double dFrac = p.getDouble("d_frac");
        List<Subcells.Subcell> cut = Subcells.find(am.atoms(), dFrac, p.getInt("n_min"), p.getInt("n_max"), filter);
        if (cut.isEmpty()) {
            throw BadInputException.forParam("d_frac", dFrac, "no subcell of " + p.getInt("n_min") + " to " + p.getInt("n_max") + " atoms passes the filters "
                    + "(sizes, cubic_only, restrict_to_compositions, max_coef)", "widen n_min/n_max, change d_frac or relax the filters");
        }
        List<Atoms> subcells = new ArrayList<>();
        for (Subcells.Subcell c : cut) subcells.add(Subcells.structure(am.atoms(), c, dFrac));
        // 4. relaxations in checkpoint batches of checkpoint_every, handed out threads= at a time (0: a whole batch)
        long tr = System.nanoTime();
        boolean recut = resumed != null && !PredictCheckpoint.sameRelaxations(this, resumed.params(), p.asMap());
        if (recut) progress.message("the subcell or relaxation parameters differ from the checkpoint's: relaxing the subcells anew, from its amorphous cell");
        List<SubcellRelaxer.Outcome> done = resumed != null && !recut ? new ArrayList<>(PredictCheckpoint.outcomes(resumed, subcells)) : new ArrayList<>();
        int resumedAt = done.size();
        PredictCheckpoint.write(dir, this, p, am, done);
        Criteria criteria = new Criteria(p.getDouble("fmax"), p.getDouble("stress_tol"), p.getInt("relax_steps"));
        Distributed work = distributed == null ? null : distributed.get();
        Map<String, Object> shipped = work == null || done.size() == subcells.size() ? null
                : RelaxWork.potential(p.getString("potential"), p.getString("potential_file"), p.getString("overrides"), comp.elements());
        int every = p.getInt("checkpoint_every");
        SubcellBatches batches = new SubcellBatches(work, Placement.of(p));
        batches.relax(subcells, done, pot, shipped, criteria, every, p.getInt("threads") > 0 ? p.getInt("threads") : every, progress,
                outcomes -> PredictCheckpoint.write(dir, this, p, am, outcomes));
        seconds.put("relaxations", (System.nanoTime() - tr) / 1e9);
        // 5–7. validation, ranking, classification, grouping, library
        Prediction pr = Prediction.of(comp, cut, done, validation, library, pot, p, finder, matcher);
        PredictReport.write(dir, am, cut, done, pr);
        seconds.put("total", (System.nanoTime() - t0) / 1e9);
        return PredictReport.result(comp, am, subcells.size(), resumedAt, pr, seconds, finder.isPresent(), matcher.isPresent(), batches.facts());
    }

    /** Packing and melt–quench of {@code comp} (stages 1 and 2). */
    private static PredictCheckpoint.Amorphous amorphous(Params p, Composition comp, Potential pot, Progress progress, Map<String, Double> seconds) {
        long t = System.nanoTime();
        double[] cell = PredictInputs.cell(p, comp);
        progress.message(String.format(Locale.ROOT, "packing %s in a %.4g Å cube", comp, cell[0]));
        RandomPacking.Packed packed = RandomPacking.pack(comp, cell, p.getDouble("diameter"), p.getInt("packing_steps"), p.getInt("seed"));
        seconds.put("packing", (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        MeltQuench.Schedule s = PredictInputs.schedule(p);
        progress.message(String.format(Locale.ROOT, "melt-quench %.0f K -> %.0f K, %d steps", s.tHigh(), s.tLow(), s.total()));
        long[] n = {0};
        MeltQuench.Quenched q = MeltQuench.run(pot, packed.atoms(), s, p.getInt("thermo_every"), p.getInt("seed"), () -> {
            if (++n[0] % 100 == 0) progress.update(n[0], s.total(), "melt-quench step " + n[0]);
            progress.checkCancelled("melt-quench step " + n[0] + " (nothing to resume before the quench ends)");
        });
        seconds.put("melt_quench", (System.nanoTime() - t) / 1e9);
        return new PredictCheckpoint.Amorphous(q.atoms(), q.thermo(), packed.closest(), packed.iterations());
    }

    /**
     * Parameters a resumed run may change: the analysis ones, and those of the subcells and their relaxation, which keep
     * the checkpoint's amorphous cell (the costly melt–quench) and relax the new subcells from the start.
     */
    @Override public Set<String> resumeMayChange() {
        Set<String> may = new HashSet<>(List.of("references", "symprec", "group_energy_tol", "e_tol", "fe_lower_limit", "fe_upper_limit", "fusion_distance",
                "element_energies"));
        may.addAll(PredictCheckpoint.RELAXATION_KEYS);
        return may;
    }
}
