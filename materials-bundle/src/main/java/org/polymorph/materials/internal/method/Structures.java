package org.polymorph.materials.internal.method;

import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.io.FrameReader;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The structure and potential parameters every materials Method shares: either
 * {@code structure=<file>} (format from the extension or {@code format=}) or
 * {@code lattice=<name> a=<Å> repeat=nx,ny,nz element=<symbol> [mass=<amu>]}, with {@code elements=}
 * naming the types of a file, and {@code potential=<style>[:name=value,...] [potential_file=...] [overrides=...]}.
 * Every Method that reads structure files reads them through {@link #file} and takes {@code elements=}.
 */
public final class Structures {
    private Structures() { }

    public static final List<String> FORMATS = List.of("auto", "extxyz", "poscar", "cif", "lammps-data");
    static final List<String> LATTICES;

    static {
        List<String> l = new ArrayList<>(List.of("none"));
        l.addAll(Lattices.NAMES);
        LATTICES = List.copyOf(l);
    }

    /**
     * {@code elements=}: the element of each structure type, in type order, for every Method that reads
     * structure files (with {@link #structureParams} or beside its own file parameters).
     */
    public static final ParamSpec ELEMENTS = ParamSpec.text("elements", "", "element of each structure type, in type order: names the types"
            + " of a file that does not (a LAMMPS data file without Masses or '# Si' comments, as ASE writes it; masses then the standard atomic"
            + " weights) and maps the types to a potential file's elements as pair_coeff * * file El1 El2 (default: the structure's type names)");

    /** The structure parameters. */
    public static List<ParamSpec> structureParams() {
        return List.of(
                ParamSpec.path("structure", "", "structure file (extxyz/xyz, POSCAR/CONTCAR/.vasp, .cif, LAMMPS .data); or use lattice="),
                ParamSpec.choice("format", "auto", FORMATS, "format of the structure file (auto: from its name)"),
                ParamSpec.choice("lattice", "none", LATTICES, "named lattice (conventional cubic cell; hcp orthohexagonal), instead of structure="),
                ParamSpec.real("a", 0.0, "Å", 0, 1000, "lattice constant of lattice= (required with it)"),
                ParamSpec.intList("repeat", List.of(1, 1, 1), "cells", 1, 1000, "repeats of the lattice cell along x,y,z"),
                ParamSpec.text("element", "", "element symbol of lattice= atoms (e.g. Si)"),
                ParamSpec.real("mass", 0.0, "amu", 0, 1e6, "mass of lattice= atoms; 0: the element's standard atomic weight"),
                ELEMENTS);
    }

    /** The potential parameters; the styles and their values are those of {@code potentials} now. */
    public static List<ParamSpec> potentialParams(PotentialCatalog potentials) {
        return List.of(
                ParamSpec.text("potential", null, "pair style[:name=value,...], e.g. lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5 or sw (with potential_file);"
                        + " styles present now (* required): " + styleSummary(potentials)),
                ParamSpec.files("potential_file", "", "the file(s) of a style that reads files ("
                        + String.join(", ", potentials.styles(s -> s.files() != PotentialProvider.FileRule.NONE))
                        + "; comma-separated where it reads one per type, as eam), e.g. a LAMMPS Si.sw, or the network file of nn/bp (from ff.mlp)"),
                ParamSpec.text("overrides", "", "name=value,... replacing potential values (names checked against the style's)"));
    }

    /** "lj/cut: epsilon* eV, sigma* Å, cutoff* Å, shift=false; sw: one file, values by name ..." for each style present. */
    private static String styleSummary(PotentialCatalog potentials) {
        List<String> out = new ArrayList<>();
        for (String id : potentials.styles()) {
            // a style whose bundle left since styles() was read is left out (a hot-deployed bundle may go at any time)
            Optional<PotentialProvider> found = potentials.find(id);
            if (found.isEmpty()) continue;
            PotentialProvider s = found.get();
            List<String> values = new ArrayList<>();
            if (s.files() != PotentialProvider.FileRule.NONE) {
                values.add(s.files() == PotentialProvider.FileRule.ONE ? "one file" : "one file per type");
                if (!s.parameters().isEmpty()) values.add("overrides of its values by name");
            } else {
                for (PotentialParameter v : s.parameters()) {
                    String unit = v.unit().isEmpty() ? "" : " " + v.unit();
                    values.add(v.required() ? v.name() + "*" + unit : v.name() + "=" + (v.defaultValue().isEmpty() ? "(none)" : v.defaultValue()) + unit);
                }
            }
            out.add(id + ": " + String.join(", ", values));
        }
        return String.join("; ", out);
    }

    /** Both lists joined with a Method's own parameters. */
    @SafeVarargs
    public static List<ParamSpec> join(List<ParamSpec>... lists) {
        List<ParamSpec> out = new ArrayList<>();
        for (List<ParamSpec> l : lists) out.addAll(l);
        return List.copyOf(out);
    }

    /** The structure given by {@code structure=} or {@code lattice=}. */
    public static Atoms load(Params p) {
        String file = p.getString("structure");
        String lattice = p.getString("lattice");
        boolean hasFile = file != null && !file.isEmpty();
        boolean hasLattice = !"none".equals(lattice);
        if (hasFile == hasLattice) {
            throw new BadInputException("give exactly one of structure=<file> and lattice=<name> (got "
                    + (hasFile ? "both" : "neither") + "); e.g. lattice=diamond a=5.431 repeat=2,2,2 element=Si");
        }
        return hasFile ? file(p, "structure") : lattice(p);
    }

    /**
     * The structure in the file that parameter {@code param} names (structure=, md.neb's initial= and
     * final=), in the format of {@code format=} and with the type names of {@code elements=}.
     */
    static Atoms file(Params p, String param) {
        return read(Path.of(p.getString(param)), p.getString("format"), param, elements(p));
    }

    /**
     * The element of each structure type from {@code elements=}, in type order; null where it is
     * empty. A LAMMPS data file without a Masses section (as ASE 3.22 writes them) takes its type
     * names, and so its masses, from these.
     */
    static List<String> elements(Params p) {
        String el = p.getString("elements").trim();
        return el.isEmpty() ? null : List.of(el.split("[ ,]+"));
    }

    static Atoms lattice(Params p) {
        double a = p.getDouble("a");
        if (!(a > 0)) throw BadInputException.forParam("a", a, "lattice=" + p.getString("lattice") + " needs a lattice constant", "give a=<Å> > 0, e.g. a=5.431");
        List<Integer> rep = p.getIntList("repeat");
        if (rep.size() != 3) throw BadInputException.forParam("repeat", rep, "needs three counts", "write repeat=nx,ny,nz, e.g. repeat=4,4,4");
        String element = p.getString("element").trim();
        if (element.isEmpty()) throw BadInputException.forParam("element", "", "lattice= atoms need an element symbol", "give element=Si (or any name with mass=)");
        double mass = p.getDouble("mass");
        if (mass == 0) {
            if (!Elements.isElement(element)) {
                throw BadInputException.forParam("element", element, "not an element symbol, so its mass is unknown",
                        "give mass=<amu>, or a symbol from H to Bi such as Si or Cu");
            }
            mass = Elements.mass(element);
        }
        return Lattices.build(p.getString("lattice"), a, new int[] {rep.get(0), rep.get(1), rep.get(2)}, element, mass);
    }

    /** The velocities [3N] (Å/ps) of the first frame of the extxyz {@code structure=}, for md.run's velocities=file. */
    static double[] velocities(Params p) {
        String file = p.getString("structure");
        String f = file.isEmpty() ? "" : "auto".equals(p.getString("format")) ? formatOf(Path.of(file)) : p.getString("format");
        if (!"extxyz".equals(f)) {
            throw BadInputException.forParam("velocities", "file", "only an extxyz structure= carries velocities",
                    "give structure=<file.extxyz> with a vel column (e.g. final.extxyz of md.run), or velocities=maxwell");
        }
        try (FrameReader r = StructureFiles.openXyz(Path.of(file))) {
            double[] v = r.hasNext() ? r.next().velocities() : null;
            if (v == null) {
                throw BadInputException.forParam("velocities", "file", file + " has no velocities", "use velocities=maxwell or a file with a vel column");
            }
            return v;
        } catch (IOException | UncheckedIOException e) {
            throw BadInputException.forParam("structure", file, "cannot read it (" + e.getMessage() + ")", "give a readable extxyz file");
        }
    }

    /** A structure file (the first frame of an extxyz). */
    public static Atoms read(Path file, String format) { return read(file, format, "structure"); }

    /** The same, naming {@code param} (the parameter that gave the file) in errors. */
    public static Atoms read(Path file, String format, String param) { return read(file, format, param, null); }

    /** The same; {@code typeNames} (may be null) name the types of a LAMMPS data file that does not. */
    static Atoms read(Path file, String format, String param, List<String> typeNames) {
        String f = "auto".equals(format) ? formatOf(file, param) : format;
        try {
            switch (f) {
                case "extxyz": return StructureFiles.readXyzStructure(file).atoms();
                case "poscar": return StructureFiles.readPoscar(file);
                case "cif": return StructureFiles.readCif(file);
                case "lammps-data": return StructureFiles.readLammpsData(file, typeNames).atoms();
                default: throw new IllegalStateException("format " + f);
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            throw BadInputException.forParam(param, file, "cannot read it (" + e.getMessage() + ")", "give a readable " + f + " file");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter '" + param + "' = '" + file + "' (" + f + "): " + e.getMessage(), e);
        }
    }

    /** The format of a file from its name: .xyz/.extxyz, POSCAR/CONTCAR/.vasp/.poscar, .cif, .data/.lmp. */
    static String formatOf(Path file) { return formatOf(file, "structure"); }

    private static String formatOf(Path file, String param) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".xyz") || name.endsWith(".extxyz")) return "extxyz";
        if (name.endsWith(".cif")) return "cif";
        if (name.startsWith("poscar") || name.startsWith("contcar") || name.endsWith(".vasp") || name.endsWith(".poscar")) return "poscar";
        if (name.endsWith(".data") || name.endsWith(".lmp") || name.startsWith("data.")) return "lammps-data";
        throw BadInputException.forParam(param, file, "cannot tell its format from the name",
                "give format=" + String.join("|", FORMATS.subList(1, FORMATS.size())));
    }

    /** The potential for {@code atoms}: elements from {@code elements=} or the structure's type names. */
    public static Potential potential(PotentialCatalog potentials, Params p, Atoms atoms) {
        String el = p.getString("elements").trim();
        List<String> given = elements(p);
        List<String> elements = given == null ? atoms.typeNames() : given;
        if (elements.size() != atoms.typeNames().size()) {
            throw BadInputException.forParam("elements", el, elements.size() + " element(s) for " + atoms.typeNames().size() + " structure type(s) "
                    + atoms.typeNames(), "give one element per type, in type order");
        }
        return potentials.create(p.getString("potential"), p.getString("potential_file"), p.getString("overrides"), elements);
    }
}
