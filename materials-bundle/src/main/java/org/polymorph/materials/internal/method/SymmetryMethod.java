package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.symmetry.SymmetryDataset;
import org.polymorph.materials.symmetry.SymmetryFinder;

/**
 * structure.symmetry: the space group of a structure as spglib finds it (symprec and angle_tolerance
 * with spglib's meaning), with the standardised conventional and primitive cells written as CIF and
 * POSCAR into the run directory.
 */
public final class SymmetryMethod implements Method {
    static final List<String> FILES = List.of("conventional.cif", "conventional.POSCAR", "primitive.cif", "primitive.POSCAR");

    private final SymmetryFinder finder;

    public SymmetryMethod(SymmetryFinder finder) { this.finder = finder; }

    @Override public String id() { return "structure.symmetry"; }

    @Override public String description() {
        return "space group of a structure as spglib finds it: spacegroup_number, spacegroup_symbol (international short), hall_number,"
                + " pointgroup, equivalent_atoms (smallest index of each atom's orbit), wyckoffs (Wyckoff letter of each atom); standardised conventional and primitive cells"
                + " (a along x, b in the xy plane) as conventional.cif/.POSCAR and primitive.cif/.POSCAR";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), List.of(
                ParamSpec.real("symprec", 1e-3, "Å", 0, 10, "distance tolerance: positions closer than this are the same (positive)"),
                ParamSpec.real("angle_tolerance", -1.0, "degrees", -1, 90,
                        "tolerance on cell angles; negative: angles compared through symprec, as spglib does by default")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        double symprec = p.getDouble("symprec");
        if (!(symprec > 0)) {
            throw BadInputException.forParam("symprec", symprec, "not positive", "give a distance tolerance in Å such as 1e-3 (spglib's default 1e-5)");
        }
        Atoms atoms = Structures.load(p);
        if (!atoms.box().allPeriodic()) {
            throw BadInputException.forParam("structure", p.getString("structure"), "not periodic along all three axes",
                    "give a crystal with a full cell (POSCAR, CIF, or extxyz with Lattice and pbc=\"T T T\")");
        }
        SymmetryDataset d;
        try {
            d = finder.find(atoms, symprec, p.getDouble("angle_tolerance"));
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("symprec", symprec, e.getMessage(), "try a larger or smaller symprec");
        }
        dir.writeFile(FILES.get(0), path -> StructureFiles.writeCif(path, d.conventional()));
        dir.writeFile(FILES.get(1), path -> StructureFiles.writePoscar(path, d.conventional(), true));
        dir.writeFile(FILES.get(2), path -> StructureFiles.writeCif(path, d.primitive()));
        dir.writeFile(FILES.get(3), path -> StructureFiles.writePoscar(path, d.primitive(), true));
        List<Integer> equivalent = new ArrayList<>();
        for (int e : d.equivalentAtoms()) equivalent.add(e);
        return Result.builder().put("spacegroup_number", d.spacegroupNumber()).put("spacegroup_symbol", d.spacegroupSymbol())
                .put("hall_number", d.hallNumber()).put("pointgroup", d.pointgroup()).put("operations", d.operationCount())
                .put("equivalent_atoms", equivalent).put("wyckoffs", d.wyckoffs()).put("natoms", atoms.size()).put("conventional_natoms", d.conventional().size())
                .put("primitive_natoms", d.primitive().size()).put("files", FILES)
                .summary(String.format(Locale.ROOT, "%s (%d), point group %s, %d operations; %d atoms in the conventional cell, %d in the primitive; Wyckoff positions %s",
                        d.spacegroupSymbol(), d.spacegroupNumber(), d.pointgroup(), d.operationCount(), d.conventional().size(), d.primitive().size(),
                        wyckoffSummary(atoms, d)))
                .build();
    }

    /**
     * One entry per orbit, in the order of its first atom: element, multiplicity in the conventional cell and Wyckoff
     * letter, e.g. "Ti 2a, O 4f" for rutile. The multiplicity is the orbit's atom count scaled from the input cell to the
     * conventional one.
     */
    static String wyckoffSummary(Atoms atoms, SymmetryDataset d) {
        int n = atoms.size();
        int[] eq = d.equivalentAtoms();
        int[] members = new int[n];
        for (int i = 0; i < n; i++) members[eq[i]]++;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (eq[i] != i) continue;
            long multiplicity = Math.round((double) members[i] * d.conventional().size() / n);
            out.add(atoms.typeNames().get(atoms.type(i)) + " " + multiplicity + d.wyckoffs().get(i));
        }
        return String.join(", ", out);
    }
}
