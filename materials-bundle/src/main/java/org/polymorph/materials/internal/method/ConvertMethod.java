package org.polymorph.materials.internal.method;

import java.util.List;
import java.util.Locale;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.structure.Atoms;

/**
 * md.convert: a structure (file in any readable format, or a named lattice) written in another
 * format into the run directory, as {@code ase convert} does: extxyz, POSCAR (direct coordinates),
 * CIF (P1) or LAMMPS data (rotated to LAMMPS's triclinic form, tilts reduced into its range). {@code name} sets the file name.
 */
public final class ConvertMethod implements Method {
    static final List<String> OUTPUTS = List.of("extxyz", "poscar", "cif", "lammps-data");

    @Override public String id() { return "md.convert"; }

    @Override public String description() {
        return "writes a structure (file or lattice=) as extxyz, POSCAR, CIF (P1) or LAMMPS data; atoms, formula, volume";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), List.of(
                ParamSpec.choice("to", "extxyz", OUTPUTS, "output format"),
                ParamSpec.text("name", "", "output file name in the run directory; empty: structure.<extension of the format>")));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        Atoms atoms = Structures.load(p);
        String to = p.getString("to");
        String name = p.getString("name").trim();
        if (name.isEmpty()) name = "structure." + extension(to);
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw BadInputException.forParam("name", name, "not a plain file name", "give a name such as Si.cif, without folders");
        }
        boolean periodic = atoms.box().allPeriodic();
        if (!periodic && !to.equals("extxyz")) {
            throw BadInputException.forParam("to", to, "the structure is not periodic on all axes and " + to + " stores a cell",
                    "use to=extxyz for a cluster");
        }
        switch (to) {
            case "extxyz" -> dir.writeFile(name, path -> StructureFiles.writeXyz(path, List.of(Frame.of(atoms))));
            case "poscar" -> dir.writeFile(name, path -> StructureFiles.writePoscar(path, atoms, true));
            case "cif" -> dir.writeFile(name, path -> StructureFiles.writeCif(path, atoms));
            default -> dir.writeFile(name, path -> StructureFiles.writeLammpsData(path, atoms, null));
        }
        String formula = formula(atoms);
        return Result.builder().put("natoms", atoms.size()).put("formula", formula).put("file", name).put("format", to)
                .put("volume", periodic ? atoms.box().volume() : 0.0).put("files", List.of(name))
                .summary(String.format(Locale.ROOT, "%s (%d atoms) written as %s to %s", formula, atoms.size(), to, name)).build();
    }

    static String extension(String format) {
        return switch (format) {
            case "poscar" -> "POSCAR";
            case "cif" -> "cif";
            case "lammps-data" -> "data";
            default -> "extxyz";
        };
    }

    /** Hill-like formula in type order: Si8, Cu3Au. */
    static String formula(Atoms atoms) {
        int[] count = new int[atoms.typeNames().size()];
        for (int t : atoms.types()) count[t]++;
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < count.length; t++) {
            if (count[t] == 0) continue;
            b.append(atoms.typeNames().get(t));
            if (count[t] > 1) b.append(count[t]);
        }
        return b.toString();
    }
}
