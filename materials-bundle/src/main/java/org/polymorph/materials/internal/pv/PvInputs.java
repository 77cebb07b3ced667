package org.polymorph.materials.internal.pv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.SunSpectrum;

/** The inputs the pv Methods share: a design (file or inline JSON) and a sun spectrum (CSV or deltapv's default). */
final class PvInputs {
    private PvInputs() { }

    /**
     * The design of parameter {@code design}: JSON text when {@code spec} starts with '{', else a design file.
     * @throws BadInputException naming design (or the design key at fault)
     */
    @SuppressWarnings("unchecked")
    static PvDesign design(String spec) {
        if (spec.startsWith("{")) {
            Object parsed;
            try {
                parsed = Json.parse(spec);
            } catch (IllegalArgumentException e) {
                throw BadInputException.forParam("design", spec, "is not valid JSON (" + e.getMessage() + ")", "fix the JSON or give a file name");
            }
            return PvDesign.parse((Map<String, Object>) parsed, Path.of("").toAbsolutePath());
        }
        if (!Files.isRegularFile(Path.of(spec))) {
            throw BadInputException.forParam("design", spec, "is not a file", "give the path of a design JSON file");
        }
        return PvDesign.read(Path.of(spec));
    }

    /**
     * A JSON value given inline (text starting with '[' or '{') or as a file name, for parameter {@code param}.
     * @throws BadInputException naming {@code param} when the text or the file is not valid JSON
     */
    static Object json(String spec, String param) {
        String s = spec.strip();
        String text = s;
        if (!s.startsWith("[") && !s.startsWith("{")) {
            try {
                text = Files.readString(Path.of(s));
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw BadInputException.forParam(param, s, "is neither inline JSON nor a readable file", "give a JSON file or the JSON text itself");
            }
        }
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam(param, s, "is not valid JSON (" + e.getMessage() + ")", "fix the JSON");
        }
    }

    /** The spectrum of parameter {@code spectrum}: a CSV of wavelength (nm), power (W/m²), or deltapv's default when blank. */
    static SunSpectrum spectrum(String file) {
        if (file == null || file.isBlank()) return SunSpectrum.standard();
        List<Double> lam = new ArrayList<>(), pw = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw BadInputException.forParam("spectrum", file, "cannot be read", "give a CSV of wavelength (nm), power (W/m²)");
        }
        for (String line : lines) {
            String[] f = line.split("[,;\\s]+");
            if (line.isBlank() || f.length < 2) continue;
            try {
                double a = Double.parseDouble(f[0].strip()), b = Double.parseDouble(f[1].strip());
                lam.add(a);
                pw.add(b);
            } catch (NumberFormatException e) {
                if (!lam.isEmpty()) throw BadInputException.forParam("spectrum", file, "has a non-numeric line: " + line, "give two numbers per line");
            }
        }
        try {
            return SunSpectrum.of(lam.stream().mapToDouble(Double::doubleValue).toArray(), pw.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("spectrum", file, e.getMessage(), "give positive wavelengths (nm) and non-negative powers (W/m²)");
        }
    }
}
