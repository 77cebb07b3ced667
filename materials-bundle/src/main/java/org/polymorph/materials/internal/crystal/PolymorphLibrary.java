package org.polymorph.materials.internal.crystal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.internal.io.Cif;
import org.polymorph.materials.internal.io.LineSource;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.structure.Atoms;

/**
 * Known polymorphs to name a prediction by: the CIF files of a folder ({@code references=}), or the library shipped with
 * the bundle ({@code polymorphs/INDEX}: Si diamond and lonsdaleite; TiO2 anatase, rutile and brookite; Al2O3 corundum;
 * ZrO2 monoclinic and tetragonal; SiO2 alpha-quartz and alpha-cristobalite, each from the literature lattice data its CIF and the index cite).
 */
final class PolymorphLibrary {
    /** A polymorph: its name (the file name without .cif), the structure, its composition key and where its data come from. */
    record Polymorph(String name, Atoms atoms, String composition, String source) { }

    private static final String INDEX = "polymorphs/INDEX";

    private PolymorphLibrary() { }

    /** The shipped library. */
    static List<Polymorph> builtin() {
        List<Polymorph> out = new ArrayList<>();
        ClassLoader cl = PolymorphLibrary.class.getClassLoader();
        try (InputStream idx = cl.getResourceAsStream(INDEX)) {
            if (idx == null) throw new IllegalStateException("the bundle lacks its resource " + INDEX);
            BufferedReader r = new BufferedReader(new InputStreamReader(idx, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                try (InputStream cif = cl.getResourceAsStream("polymorphs/" + f[0]); LineSource src = new LineSource(cif, f[0])) {
                    out.add(polymorph(f[0], Cif.read(src), f[3]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the shipped polymorph library: " + e.getMessage(), e);
        }
        return out;
    }

    /** The *.cif files of {@code folder}, by file name; a BadInputException on {@code param} when it is not a folder or a file is unreadable. */
    static List<Polymorph> folder(Path folder, String param) {
        if (!Files.isDirectory(folder)) throw BadInputException.forParam(param, folder, "is not a folder", "give a folder of CIF files, or leave it empty for the shipped library");
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".cif")).sorted().toList();
        } catch (IOException e) {
            throw BadInputException.forParam(param, folder, "cannot be listed (" + e.getMessage() + ")", "give a readable folder");
        }
        List<Polymorph> out = new ArrayList<>();
        for (Path p : files) {
            try {
                out.add(polymorph(p.getFileName().toString(), StructureFiles.readCif(p), p.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw BadInputException.forParam(param, folder, p.getFileName() + " cannot be read (" + e.getMessage() + ")", "fix or remove that file");
            }
        }
        return out;
    }

    private static Polymorph polymorph(String file, Atoms a, String source) {
        String name = file.replaceFirst("(?i)\\.cif$", "");
        return new Polymorph(name, a, Composition.of(a.types(), a.typeNames()).key(), source);
    }
}
