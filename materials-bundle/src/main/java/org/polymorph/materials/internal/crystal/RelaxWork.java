package org.polymorph.materials.internal.crystal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.internal.work.ShippedFiles;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The work kind {@value #NAME}: one subcell of crystal.predict relaxed by {@link SubcellRelaxer}. The item holds the
 * potential (its spec, overrides, the element of each type and its files by content, {@link ShippedFiles}), the
 * criteria (fmax eV/Å, stress_tol GPa, relax_steps) and the subcell (positions Å, types, type names, masses amu, cell
 * rows Å, periodic flags); its result the outcome: energies before and after (eV), FIRE iterations, convergence, the
 * failure (empty when none), relaxed positions and cell, which {@link #outcome} turns back into the
 * {@link SubcellRelaxer.Outcome} a relaxation on this thread gives, bit for bit. The potential of the latest items is
 * kept (subcells of one run share it), so a member builds it once per run, not once per subcell.
 */
public final class RelaxWork implements WorkKind {
    /** The kind's name. */
    public static final String NAME = "crystal.relax";

    private final PotentialCatalog potentials;
    /** The potential of the latest items: its item JSON, the potential, and the scratch folder of its files. */
    private Cached cached;

    private record Cached(String key, Potential potential, Path scratch) { }

    public RelaxWork(PotentialCatalog potentials) { this.potentials = potentials; }

    @Override public String name() { return NAME; }

    /** The potential part of the items of one run: {@code spec}, {@code fileList} (comma-separated paths), {@code overrides}, {@code elements}. */
    static Map<String, Object> potential(String spec, String fileList, String overrides, List<String> elements) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec);
        List<Object> files = new ArrayList<>();
        for (String f : fileList == null ? new String[0] : fileList.split(",")) if (!f.isBlank()) files.add(ShippedFiles.of(Path.of(f.trim())));
        m.put("files", files);
        m.put("overrides", overrides == null ? "" : overrides);
        m.put("elements", elements);
        return m;
    }

    /** The item relaxing subcell {@code k}, {@code a}, under {@code potential} ({@link #potential}) and {@code criteria}. */
    static WorkItem item(int k, Atoms a, Map<String, Object> potential, Criteria criteria) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("positions", a.positions());
        s.put("types", a.types());
        s.put("type_names", a.typeNames());
        s.put("masses", a.masses());
        s.put("cell", a.box().h());
        s.put("periodic", a.box().periodic());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("potential", potential);
        p.put("fmax", criteria.fmax());
        p.put("stress_tol", criteria.stress());
        p.put("relax_steps", criteria.maxSteps());
        p.put("structure", s);
        return new WorkItem("subcell-" + k, NAME, p, 0);
    }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        progress.checkCancelled("before relaxing " + item.id());
        Map<String, Object> p = item.params();
        Criteria criteria;
        try {
            criteria = new Criteria(WorkValues.real(p, "fmax"), WorkValues.real(p, "stress_tol"), (int) WorkValues.integer(p, "relax_steps", 1, Integer.MAX_VALUE));
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("fmax", p.get("fmax"), e.getMessage(), "give positive tolerances");
        }
        Atoms a = structure(WorkValues.within(WorkValues.map(p, "structure"), "structure"));
        SubcellRelaxer.Outcome o = new SubcellRelaxer(potential(WorkValues.map(p, "potential")), criteria).relax(a);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("initial_energy", WorkValues.real(o.initialEnergy()));
        out.put("energy", WorkValues.real(o.energy()));
        out.put("steps", o.steps());
        out.put("converged", o.converged());
        out.put("failure", o.failure());
        out.put("positions", WorkValues.reals(o.atoms().positions()));
        out.put("cell", WorkValues.reals(o.atoms().box().h()));
        return out;
    }

    /** The outcome of relaxing {@code subcell} from its item's result {@code value}. */
    static SubcellRelaxer.Outcome outcome(Atoms subcell, Map<String, Object> value) {
        Atoms a = subcell.withPositions(WorkValues.reals(value, "positions")).withBox(subcell.box().withCell(WorkValues.reals(value, "cell")));
        return new SubcellRelaxer.Outcome(WorkValues.real(value, "initial_energy"), WorkValues.real(value, "energy"), a,
                (int) WorkValues.integer(value, "steps", 0, Integer.MAX_VALUE), WorkValues.bool(value, "converged"), WorkValues.text(value, "failure"));
    }

    /** The item's potential: the cached one when the item names the same, else built (its files written to a scratch folder). */
    private synchronized Potential potential(Map<String, Object> item) {
        String key = Json.write(item, false);
        if (cached != null && cached.key().equals(key)) return cached.potential();
        Map<String, Object> m = WorkValues.within(item, "potential");
        List<Object> files = WorkValues.list(m, "potential.files");
        List<String> elements = new ArrayList<>();
        for (Object e : WorkValues.list(m, "potential.elements")) elements.add(String.valueOf(e));
        Path scratch = ShippedFiles.scratch();
        try {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) paths.add(ShippedFiles.materialize(files.get(i), scratch, "potential.files[" + i + "]").toString());
            Potential pot = potentials.create(WorkValues.text(m, "potential.spec"), String.join(",", paths), WorkValues.text(m, "potential.overrides"), elements);
            if (cached != null) ShippedFiles.delete(cached.scratch());
            cached = new Cached(key, pot, scratch);
            return pot;
        } catch (RuntimeException e) {
            ShippedFiles.delete(scratch);
            throw e;
        }
    }

    private static Atoms structure(Map<String, Object> s) {
        double[] r = WorkValues.reals(s, "structure.positions");
        List<Object> typeList = WorkValues.list(s, "structure.types");
        int[] types = new int[typeList.size()];
        for (int i = 0; i < types.length; i++) {
            if (!(typeList.get(i) instanceof Long t)) throw BadInputException.forParam("structure.types[" + i + "]", typeList.get(i), "not a type index", "give whole numbers");
            types[i] = (int) (long) t;
        }
        List<String> names = new ArrayList<>();
        for (Object n : WorkValues.list(s, "structure.type_names")) names.add(String.valueOf(n));
        List<Object> flags = WorkValues.list(s, "structure.periodic");
        boolean[] periodic = new boolean[flags.size()];
        for (int i = 0; i < periodic.length; i++) periodic[i] = Boolean.TRUE.equals(flags.get(i));
        try {
            return new Atoms(r, types, names, WorkValues.reals(s, "structure.masses"), new Box(WorkValues.reals(s, "structure.cell"), periodic));
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("structure", "(" + types.length + " atoms)", e.getMessage(), "give the subcell as crystal.predict wrote it");
        }
    }
}
