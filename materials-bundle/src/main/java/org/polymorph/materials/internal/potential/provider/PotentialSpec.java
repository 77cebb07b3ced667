package org.polymorph.materials.internal.potential.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialProvider.FileRule;
import org.polymorph.materials.potential.PotentialValues;

/**
 * A run's potential parameters checked against one style: values written {@code name=value,name=value}
 * ({@code potential=lj/cut:epsilon=1,...} or {@code overrides=...}, the latter on top) with names checked
 * against the style's and its required ones present, the files of {@code potential_file} readable and as
 * many as the style reads; then the provider's factory, whose rejections become bad input naming the
 * parameter. Energies eV, lengths Å (or the reduced units of the values given).
 */
final class PotentialSpec {
    private final PotentialProvider style;
    private final List<String> fileStyles;

    /** {@code fileStyles}: the styles present that read files, for the hint when files go to one that does not. */
    PotentialSpec(PotentialProvider style, List<String> fileStyles) {
        this.style = style;
        this.fileStyles = fileStyles;
    }

    Potential create(String spec, String fileList, String overrides, List<String> elements) {
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        Map<String, String> values = new LinkedHashMap<>();
        if (colon >= 0) values.putAll(assignments("potential", trimmed.substring(colon + 1)));
        Map<String, String> overridden = assignments("overrides", overrides);
        values.putAll(overridden);
        List<String> required = new ArrayList<>();
        for (PotentialParameter p : style.parameters()) if (p.required()) required.add(p.name());
        for (String name : required) {
            if (!values.containsKey(name)) {
                throw BadInputException.forParam("potential", spec, "pair style " + style.style() + " needs a value for '" + name + "'",
                        "write potential=" + style.style() + ":" + String.join("=<number>,", required) + "=<number> (or give them in overrides)");
            }
        }
        List<Path> files = files(fileList, elements.size());
        try {
            return style.create(new PotentialValues(style.parameters(), values, overridden.keySet()), files, elements);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
            throw BadInputException.forParam("potential_file", fileList, "cannot read it (" + why + ")", "give " + hint());
        } catch (IllegalArgumentException e) {
            String param = style.files() == FileRule.NONE ? "potential" : "potential_file";
            throw new BadInputException("parameter '" + param + "' (pair style " + style.style() + "): " + e.getMessage(), e);
        }
    }

    private String hint() {
        return style.fileHint().isEmpty() ? "a readable " + style.style() + " file" : style.fileHint();
    }

    private List<Path> files(String fileList, int types) {
        List<Path> out = new ArrayList<>();
        String list = fileList == null ? "" : fileList;
        for (String f : list.split(",")) {
            if (f.isBlank()) continue;
            Path p = Path.of(f.trim());
            if ((!Files.isRegularFile(p) && !Files.isDirectory(p)) || !Files.isReadable(p)) {
                throw BadInputException.forParam("potential_file", f.trim(), "no readable file there", "give the path of " + hint());
            }
            out.add(p.toAbsolutePath());
        }
        switch (style.files()) {
            case NONE -> {
                if (!out.isEmpty()) {
                    throw BadInputException.forParam("potential_file", list, "pair style " + style.style() + " takes no file",
                            "drop potential_file or use a file-based style (" + String.join(", ", fileStyles) + ")");
                }
            }
            case ONE -> {
                if (out.isEmpty()) {
                    throw BadInputException.forParam("potential_file", list, "pair style " + style.style() + " reads " + hint(),
                            "give potential_file=<path>");
                }
                if (out.size() != 1) {
                    throw BadInputException.forParam("potential_file", list, "pair style " + style.style() + " reads exactly one file, got " + out.size(),
                            "give one path: " + hint());
                }
            }
            case ONE_PER_TYPE -> {
                if (out.size() != types) {
                    throw BadInputException.forParam("potential_file", list, out.size() + " file(s) for " + types + " structure type(s); pair style "
                            + style.style() + " reads one per type", "give one file per type, comma-separated in type order (" + hint() + ")");
                }
            }
        }
        return out;
    }

    /** Parses "a=1,b=2" of parameter {@code param}, checking names against the style's. */
    private Map<String, String> assignments(String param, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        List<String> names = new ArrayList<>();
        for (PotentialParameter p : style.parameters()) names.add(p.name());
        for (String item : text.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw BadInputException.forParam(param, text, "'" + item + "' is not name=value", "write name=value pairs separated by commas, e.g. epsilon=0.0104,sigma=3.4");
            }
            String name = item.substring(0, eq).trim();
            if (!names.contains(name)) {
                throw BadInputException.forParam(param, text, "'" + name + "' is not a parameter of pair style " + style.style(),
                        "its parameters are " + (names.isEmpty() ? "none (the file holds them all)" : String.join(", ", names)));
            }
            out.put(name, item.substring(eq + 1).trim());
        }
        return out;
    }
}
