package org.polymorph.materials.internal.method;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.internal.mlp.BehlerParrinello;
import org.polymorph.materials.internal.potential.Bks;
import org.polymorph.materials.internal.potential.Eam;
import org.polymorph.materials.internal.potential.Edip;
import org.polymorph.materials.internal.potential.Gupta;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.potential.Morse;
import org.polymorph.materials.internal.potential.SoftSphere;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.internal.potential.Tersoff;
import org.polymorph.materials.internal.potential.files.ThreeBodyFile;
import org.polymorph.materials.potential.Potential;

/**
 * The potential factory of the Methods: a style id (LAMMPS's pair style) and its values give a
 * {@link Potential}. Styles with a LAMMPS parameter file read it as LAMMPS does, the elements of the
 * structure's types mapping onto the file's entries ({@code pair_coeff * * Si.sw Si}); numeric styles
 * take named values. Values are written {@code name=value,name=value} ({@code potential=lj/cut:epsilon=1,...}
 * or {@code overrides=...}); a name the style does not have is bad input listing the names it has.
 * {@code nn/bp} reads a Behler–Parrinello network file written by {@code ff.mlp} (see
 * {@link org.polymorph.materials.internal.mlp.NetworkFile}).
 * Energies eV, lengths Å (or the reduced units of the values given).
 */
public final class Potentials {
    private Potentials() { }

    /** Builds a potential from validated values, its files and the element of each type. */
    @FunctionalInterface
    private interface Builder {
        Potential build(Values v, List<Path> files, List<String> elements);
    }

    /** One style: whether it reads files, its value names with defaults (null: required). */
    private record Style(String id, boolean needsFile, Map<String, String> defaults, Builder builder) { }

    private static final Map<String, Style> STYLES = new LinkedHashMap<>();

    private static void add(String id, boolean file, Builder b, String... nameDefault) {
        Map<String, String> d = new LinkedHashMap<>();
        for (int k = 0; k < nameDefault.length; k += 2) d.put(nameDefault[k], nameDefault[k + 1]);
        STYLES.put(id, new Style(id, file, d, b));
    }

    static {
        add("lj/cut", false, (v, f, e) -> new LjCut(v.perType("epsilon", e.size()), v.perType("sigma", e.size()), v.d("cutoff"), v.bool("shift")),
                "epsilon", null, "sigma", null, "cutoff", null, "shift", "false");
        add("morse", false, (v, f, e) -> new Morse(v.table("d0", e.size()), v.table("alpha", e.size()), v.table("r0", e.size()), v.d("cutoff"),
                v.bool("shift")), "d0", null, "alpha", null, "r0", null, "cutoff", null, "shift", "false");
        add("soft/sphere", false, (v, f, e) -> new SoftSphere(v.table("epsilon", e.size()), v.table("sigma", e.size()), v.d("alpha")),
                "epsilon", null, "sigma", null, "alpha", "2");
        add("bks", false, (v, f, e) -> new Bks(v.d("alpha"), v.d("cutoff_coul"), v.d("cutoff"), v.bool("shift")),
                "alpha", "0.2", "cutoff_coul", "10", "cutoff", "5.5", "shift", "true");
        add("gupta", false, (v, f, e) -> {
            int t = e.size();
            double rc = v.d("cutoff");
            double rOn = v.given("r_on") ? v.d("r_on") : rc;
            return rOn == rc ? Gupta.truncated(v.table("A", t), v.table("xi", t), v.table("p", t), v.table("q", t), v.table("r0", t), rc)
                    : Gupta.smooth(v.table("A", t), v.table("xi", t), v.table("p", t), v.table("q", t), v.table("r0", t), rOn, rc);
        }, "A", null, "xi", null, "p", null, "q", null, "r0", null, "cutoff", null, "r_on", "");
        add("sw", true, (v, f, e) -> threeBody("sw", StillingerWeber.FILE_PARAMETERS, v, f, e, StillingerWeber::new),
                names(StillingerWeber.FILE_PARAMETERS));
        add("tersoff", true, (v, f, e) -> threeBody("tersoff", Tersoff.FILE_PARAMETERS, v, f, e, Tersoff::new), names(Tersoff.FILE_PARAMETERS));
        add("edip", true, (v, f, e) -> threeBody("edip", Edip.FILE_PARAMETERS, v, f, e, Edip::new), names(Edip.FILE_PARAMETERS));
        add("eam", true, (v, f, e) -> {
            if (f.size() != e.size()) {
                throw new IllegalArgumentException("eam: " + f.size() + " funcfl file(s) for " + e.size() + " type(s) " + e
                        + "; give one file per type in potential_file (comma-separated, in type order)");
            }
            return Eam.funcfl(f.toArray(new Path[0]));
        });
        add("eam/alloy", true, (v, f, e) -> {
            if (f.size() != 1) throw new IllegalArgumentException("eam/alloy: give exactly one setfl file in potential_file, got " + f.size());
            return Eam.setfl(f.get(0), e.toArray(new String[0]));
        });
        add("nn/bp", true, (v, f, e) -> {
            if (f.size() != 1) throw new IllegalArgumentException("nn/bp: give exactly one network file in potential_file, got " + f.size());
            if (e.size() != 1) {
                throw new IllegalArgumentException("nn/bp: the network is for one element, the structure has " + e.size() + " types " + e
                        + "; give a one-element structure");
            }
            try {
                return BehlerParrinello.read(f.get(0));
            } catch (java.io.IOException x) {
                throw new UncheckedIOException(x);
            }
        });
    }

    private static String[] names(List<String> fileParameters) {
        List<String> out = new ArrayList<>();
        for (String n : fileParameters) { out.add(n); out.add(""); }
        return out.toArray(new String[0]);
    }

    /** A many-body potential from its table [parameter][T³ slots]. */
    @FunctionalInterface
    private interface TableCtor {
        Potential make(int types, double[][] table);
    }

    /** A LAMMPS three-body file (sw, tersoff, edip) with every slot of an overridden parameter set to the given value. */
    private static Potential threeBody(String style, List<String> names, Values v, List<Path> files, List<String> elements, TableCtor ctor) {
        if (files.size() != 1) throw new IllegalArgumentException(style + ": give exactly one file in potential_file, got " + files.size());
        double[][] table = ThreeBodyFile.read(files.get(0), names, elements, Set.of());
        for (int k = 0; k < names.size(); k++) {
            if (v.given(names.get(k))) java.util.Arrays.fill(table[k], v.d(names.get(k)));
        }
        return ctor.make(elements.size(), table);
    }

    /** Style ids, in the order they are listed. */
    public static List<String> styles() { return List.copyOf(STYLES.keySet()); }

    /** The value names of a style (what {@code overrides} may set). */
    public static List<String> parameterNames(String style) { return List.copyOf(style(style).defaults().keySet()); }

    /** Whether the style reads a LAMMPS parameter file. */
    public static boolean needsFile(String style) { return style(style).needsFile(); }

    private static Style style(String id) {
        Style s = STYLES.get(id.equals("soft_sphere") ? "soft/sphere" : id);
        if (s == null) {
            throw BadInputException.forParam("potential", id, "unknown pair style", "use one of " + String.join(", ", STYLES.keySet()));
        }
        return s;
    }

    /**
     * The potential of {@code spec} ("style" or "style:name=value,...") with {@code overrides}
     * (name=value,..., may be empty) on top, files from {@code fileList} (comma-separated paths, may
     * be empty) and {@code elements} (the element of each structure type, as pair_coeff maps them).
     */
    public static Potential create(String spec, String fileList, String overrides, List<String> elements) {
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String id = colon < 0 ? trimmed : trimmed.substring(0, colon);
        Style s = style(id);
        Map<String, String> values = new LinkedHashMap<>();
        if (colon >= 0) values.putAll(assignments("potential", trimmed.substring(colon + 1), s));
        values.putAll(assignments("overrides", overrides, s));
        for (Map.Entry<String, String> d : s.defaults().entrySet()) {
            if (d.getValue() == null && !values.containsKey(d.getKey())) {
                throw BadInputException.forParam("potential", spec, "pair style " + s.id() + " needs a value for '" + d.getKey() + "'",
                        "write potential=" + s.id() + ":" + String.join("=<number>,", requiredNames(s)) + "=<number> (or give them in overrides)");
            }
        }
        List<Path> files = files(s, fileList);
        try {
            return s.builder().build(new Values(s, values), files, elements);
        } catch (BadInputException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw BadInputException.forParam("potential_file", fileList, "cannot read it (" + e.getCause().getMessage() + ")",
                    s.id().equals("nn/bp") ? "give a network file written by ff.mlp" : "give a readable LAMMPS " + s.id() + " file");
        } catch (IllegalArgumentException e) {
            String param = s.needsFile() ? "potential_file" : "potential";
            throw new BadInputException("parameter '" + param + "' (pair style " + s.id() + "): " + e.getMessage(), e);
        }
    }

    private static List<String> requiredNames(Style s) {
        List<String> out = new ArrayList<>();
        s.defaults().forEach((k, v) -> { if (v == null) out.add(k); });
        return out;
    }

    private static List<Path> files(Style s, String fileList) {
        List<Path> out = new ArrayList<>();
        if (fileList != null) {
            for (String f : fileList.split(",")) {
                if (f.isBlank()) continue;
                Path p = Path.of(f.trim());
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    throw BadInputException.forParam("potential_file", f.trim(), "no readable file there",
                            "give the path of the LAMMPS " + s.id() + " parameter file");
                }
                out.add(p.toAbsolutePath());
            }
        }
        if (s.needsFile() && out.isEmpty()) {
            throw BadInputException.forParam("potential_file", fileList == null ? "" : fileList, "pair style " + s.id() + " reads a LAMMPS file",
                    "give potential_file=<path>, e.g. Si.sw for sw");
        }
        if (!s.needsFile() && !out.isEmpty()) {
            throw BadInputException.forParam("potential_file", fileList, "pair style " + s.id() + " takes no file",
                    "drop potential_file or use a file-based style (" + fileStyles() + ")");
        }
        return out;
    }

    private static String fileStyles() {
        List<String> out = new ArrayList<>();
        for (Style s : STYLES.values()) if (s.needsFile()) out.add(s.id());
        return String.join(", ", out);
    }

    /** Parses "a=1,b=2" of parameter {@code param}, checking names against the style's. */
    static Map<String, String> assignments(String param, String text, Style s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        for (String item : text.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw BadInputException.forParam(param, text, "'" + item + "' is not name=value", "write name=value pairs separated by commas, e.g. epsilon=0.0104,sigma=3.4");
            }
            String name = item.substring(0, eq).trim();
            if (!s.defaults().containsKey(name)) {
                throw BadInputException.forParam(param, text, "'" + name + "' is not a parameter of pair style " + s.id(),
                        "its parameters are " + (s.defaults().isEmpty() ? "none (the file holds them all)" : String.join(", ", s.defaults().keySet())));
            }
            out.put(name, item.substring(eq + 1).trim());
        }
        return out;
    }

    /** Typed access to a style's values, defaults filled in. */
    private static final class Values {
        private final Style style;
        private final Map<String, String> given;

        Values(Style style, Map<String, String> given) {
            this.style = style;
            this.given = given;
        }

        boolean given(String name) { return given.containsKey(name); }

        private String raw(String name) {
            String v = given.getOrDefault(name, style.defaults().get(name));
            return v == null ? "" : v;
        }

        double d(String name) {
            String v = raw(name);
            try {
                double x = Double.parseDouble(v);
                if (!Double.isFinite(x)) throw new NumberFormatException();
                return x;
            } catch (NumberFormatException e) {
                throw BadInputException.forParam("potential", name + "=" + v, "not a finite number", "give " + name + " as a decimal number");
            }
        }

        boolean bool(String name) {
            String v = raw(name);
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) return true;
            if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) return false;
            throw BadInputException.forParam("potential", name + "=" + v, "not a boolean", "write " + name + "=true or " + name + "=false");
        }

        /** One value per type, separated by ';' (one value applies to every type). */
        double[] perType(String name, int types) {
            String[] parts = raw(name).split(";");
            if (parts.length != 1 && parts.length != types) {
                throw BadInputException.forParam("potential", name + "=" + raw(name), parts.length + " values for " + types + " types",
                        "give one value, or one per type separated by ';'");
            }
            double[] out = new double[types];
            for (int t = 0; t < types; t++) out[t] = parse(name, parts[parts.length == 1 ? 0 : t]);
            return out;
        }

        /** A symmetric [T, T] table with every pair set to the one value given. */
        double[] table(String name, int types) {
            double x = d(name);
            double[] out = new double[types * types];
            java.util.Arrays.fill(out, x);
            return out;
        }

        private static double parse(String name, String v) {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw BadInputException.forParam("potential", name + "=" + v, "not a number", "give " + name + " as a decimal number");
            }
        }
    }
}
