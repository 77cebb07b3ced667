package org.polymorph.materials.internal.method;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.matching.StructureMatch;
import org.polymorph.materials.matching.StructureMatcher;
import org.polymorph.materials.structure.Atoms;

/**
 * structure.match: whether the structures in files a and b are the same crystal, as pymatgen's StructureMatcher
 * decides it (same tolerances, defaults and meanings); where an alignment within stol exists, its RMS and largest site
 * displacement in units of (V/N)^(1/3) and, in mapping.csv, the atom of a each atom of b lies on.
 */
public final class MatchMethod implements Method {
    private final StructureMatcher matcher;

    public MatchMethod(StructureMatcher matcher) { this.matcher = matcher; }

    @Override public String id() { return "structure.match"; }

    @Override public String description() {
        return "whether two structure files are the same crystal (pymatgen's StructureMatcher): match; rms and max_dist (units of (V/N)^(1/3))"
                + " where aligned within stol; mapping.csv (atom of a for each atom of b)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.path("a", null, "first structure file (extxyz, POSCAR/.vasp, .cif, LAMMPS .data), periodic on all axes"),
                ParamSpec.path("b", null, "second structure file, matched onto a"),
                ParamSpec.real("ltol", 0.2, "", 0, 10, "fractional tolerance on lattice vector lengths (> 0)"),
                ParamSpec.real("stol", 0.3, "", 0, 10, "site tolerance, as a fraction of the free length per atom (V/N)^(1/3) (> 0)"),
                ParamSpec.real("angle_tol", 5.0, "degrees", 0, 90, "tolerance on lattice angles (> 0)"),
                ParamSpec.bool("primitive_cell", true, "reduce both structures to primitive cells first"),
                ParamSpec.bool("scale", true, "scale both to the same volume per atom first (false: an exact match)"),
                ParamSpec.bool("attempt_supercell", false, "match a cell onto a supercell of the other where the atom counts differ by an integer factor"),
                ParamSpec.bool("allow_subset", false, "match the smaller structure onto a subset of the larger's sites (compositions may differ)"),
                ParamSpec.choice("species", "exact", List.of("exact", "any"), "exact: only atoms of one element pair; any: any atom with any (the framework alone)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        MatchOptions options = options(p);
        Atoms a = periodic(Structures.read(Path.of(p.getString("a")), "auto", "a"), "a", p);
        Atoms b = periodic(Structures.read(Path.of(p.getString("b")), "auto", "b"), "b", p);
        StructureMatch m = matcher.match(a, b, options);
        Result.Builder r = Result.builder().put("match", m.match()).put("natoms_a", a.size()).put("natoms_b", b.size());
        if (m.best().isPresent()) {
            StructureMatch.Alignment al = m.best().get();
            StringBuilder csv = new StringBuilder("atom_b,element_b,atom_a,element_a\n");
            int[] map = al.mapping();
            for (int k = 0; k < map.length; k++) {
                csv.append(k).append(',').append(b.typeNames().get(b.type(k))).append(',').append(map[k]).append(',')
                        .append(map[k] < 0 ? "" : a.typeNames().get(a.type(map[k]))).append('\n');
            }
            dir.writeString("mapping.csv", csv.toString());
            r.put("rms", al.rms()).put("max_dist", al.maxDist()).put("files", List.of("mapping.csv"));
        }
        String summary = m.match()
                ? String.format(Locale.ROOT, "same structure: rms %.4g, max_dist %.4g (units of (V/N)^(1/3))", m.best().get().rms(), m.best().get().maxDist())
                : "different structures within ltol=" + options.ltol() + ", stol=" + options.stol() + ", angle_tol=" + options.angleTol();
        return r.summary(summary).build();
    }

    private static MatchOptions options(Params p) {
        for (String name : List.of("ltol", "stol", "angle_tol")) {
            double v = p.getDouble(name);
            if (!(v > 0)) throw BadInputException.forParam(name, v, "a tolerance must be positive", "give " + name + " > 0 (pymatgen's default "
                    + ("ltol".equals(name) ? "0.2" : "stol".equals(name) ? "0.3" : "5") + ")");
        }
        if (p.getBoolean("attempt_supercell") && p.getBoolean("allow_subset")) {
            throw BadInputException.forParam("allow_subset", true, "cannot be combined with attempt_supercell=true", "turn one of them off");
        }
        return new MatchOptions(p.getDouble("ltol"), p.getDouble("stol"), p.getDouble("angle_tol"), p.getBoolean("primitive_cell"),
                p.getBoolean("scale"), p.getBoolean("attempt_supercell"), p.getBoolean("allow_subset"),
                MatchOptions.SpeciesRule.valueOf(p.getString("species").toUpperCase(Locale.ROOT)));
    }

    private static Atoms periodic(Atoms s, String param, Params p) {
        if (!s.box().allPeriodic() || s.size() == 0) {
            throw BadInputException.forParam(param, p.getString(param), s.size() == 0 ? "holds no atoms" : "is not periodic on all three axes",
                    "give a crystal: a POSCAR, a CIF, a LAMMPS data file or an extxyz with a Lattice and pbc=\"T T T\"");
        }
        return s;
    }
}
