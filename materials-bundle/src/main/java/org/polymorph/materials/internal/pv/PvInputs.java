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

/** The inputs the pv Methods read: designs and JSON given as a file or inline, and two-column CSV files. */
final class PvInputs {
    private PvInputs() { }

    /**
     * A design from {@code spec}: the design's JSON text itself (starting with '{') or the path of a design file.
     * @throws BadInputException naming {@code param} (or the design key at fault)
     */
    @SuppressWarnings("unchecked")
    static PvDesign design(String spec, String param) {
        String s = spec.strip();
        if (s.startsWith("{")) return PvDesign.parse((Map<String, Object>) json(s, param, "a design"), Path.of("").toAbsolutePath());
        if (!Files.isRegularFile(Path.of(s))) {
            throw BadInputException.forParam(param, s, "is not a file", "give the path of a design JSON file");
        }
        return PvDesign.read(Path.of(s));
    }

    /** Parsed JSON from {@code spec}: inline text (starting with '{' or '[') or a file holding it; {@code what} for messages. */
    static Object json(String spec, String param, String what) {
        String s = spec.strip();
        String text;
        if (s.startsWith("{") || s.startsWith("[")) {
            text = s;
        } else {
            try {
                text = Files.readString(Path.of(s));
            } catch (IOException | RuntimeException e) {
                throw BadInputException.forParam(param, s, "is neither JSON text nor a readable file", "give " + what + " as JSON or the path of a JSON file");
            }
        }
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam(param, abbreviate(s), "is not valid JSON (" + e.getMessage() + ")", "fix the JSON of " + what);
        }
    }

    /**
     * The first two numeric columns of a CSV (separated by commas, semicolons or blanks; lines before the first numeric
     * one, such as a header, are skipped), as {first [m], second [m]}.
     * @throws BadInputException naming {@code param} when the file cannot be read or has a non-numeric data line
     */
    static double[][] columns(String file, String param, String fix) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file.strip()));
        } catch (IOException | RuntimeException e) {
            throw BadInputException.forParam(param, file, "cannot be read", fix);
        }
        List<Double> first = new ArrayList<>(), second = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split("[,;\\s]+");
            if (line.isBlank() || f.length < 2) continue;
            try {
                double a = Double.parseDouble(f[0].strip()), b = Double.parseDouble(f[1].strip());
                first.add(a);
                second.add(b);
            } catch (NumberFormatException e) {
                if (!first.isEmpty()) throw BadInputException.forParam(param, file, "has a non-numeric line: " + line, fix);
            }
        }
        return new double[][] {first.stream().mapToDouble(Double::doubleValue).toArray(), second.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    /** The sun spectrum of {@code file} (wavelength nm, power W/m²), or deltapv's default when blank. */
    static SunSpectrum spectrum(String file) {
        if (file == null || file.isBlank()) return SunSpectrum.standard();
        double[][] c = columns(file, "spectrum", "give a CSV of wavelength (nm), power (W/m²), two numbers per line");
        try {
            return SunSpectrum.of(c[0], c[1]);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("spectrum", file, e.getMessage(), "give positive wavelengths (nm) and non-negative powers (W/m²)");
        }
    }

    /** {@code s}, cut to 80 characters for a message. */
    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
