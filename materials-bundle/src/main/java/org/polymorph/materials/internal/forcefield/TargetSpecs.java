package org.polymorph.materials.internal.forcefield;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.ListSyntax;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.PotentialCatalog;

/**
 * Targets and bounds from text, for ff.fit.
 * <p>Inline: {@code C11=165.7,C12=63.9,C44=79.6} (GPa; an elastic target) with optional
 * {@code a=5.431} (Å, default 5.431), {@code structure=diamond}, {@code w=1} (the elastic weight),
 * {@code P=1} (weight of the zero-pressure term at a; default 1, 0 drops it) and {@code E=-4.63}
 * (cohesive energy per atom, eV, weight 1).
 * <p>JSON file: {@code {"targets": [ {...}, ... ]}}, each object with {@code "property"} one of
 * elastic ({@code C11, C12, C44}), pressure, cohesive ({@code energy}), phonons ({@code supercell}
 * (default 3), {@code points: [{"q": [1,0,0], "bands": [[0,1],[2,3],[4,5]], "thz": [4.49,12.32,13.90]}, ...]}),
 * and common keys {@code structure} (default diamond), {@code a} (Å, default 5.431), {@code weight} (default 1).
 * <p>MD-based targets (vdos, rdf; JSON and inline): see {@link MdTargetSpecs}.
 */
public final class TargetSpecs {
    private TargetSpecs() { }

    /** A JSON file path (ending .json, or an existing file) or inline key=value text; {@code catalog} knows the reference styles of inline MD targets. */
    public static List<Target> parse(String text, PotentialCatalog catalog) {
        String t = text.trim();
        if (t.endsWith(".json") || Files.isRegularFile(Path.of(t))) {
            try {
                return fromJson(Files.readString(Path.of(t)), t);
            } catch (IOException e) {
                throw new IllegalArgumentException("targets: cannot read " + t + " (" + e.getMessage() + "); give an existing JSON file");
            }
        }
        Map<String, Double> kv = new LinkedHashMap<>();
        String structure = "diamond";
        Map<String, String> md = new LinkedHashMap<>();
        for (String part : ListSyntax.elements("targets", text, t, "C11=165.7,C12=63.9,C44=79.6 or a JSON file")) {
            String[] f = part.split("=", 2);
            if (f.length != 2) throw new IllegalArgumentException("targets: '" + part + "' is not key=value; write C11=165.7,C12=63.9,C44=79.6");
            String k = f[0].trim();
            if (k.equals("structure")) {
                structure = f[1].trim();
                continue;
            }
            if (k.equals("vdos") || k.equals("rdf")) {
                md.put(k, f[1].trim());
                continue;
            }
            if (!List.of("C11", "C12", "C44", "a", "w", "P", "E").contains(k) && !MdTargetSpecs.INLINE_KEYS.contains(k)) {
                throw new IllegalArgumentException("targets: unknown key '" + k + "'; use C11, C12, C44, a, w, P, E, structure, " + String.join(", ", MdTargetSpecs.INLINE_KEYS));
            }
            try {
                kv.put(k, Double.parseDouble(f[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("targets: " + k + " = '" + f[1] + "' is not a number");
            }
        }
        double a = kv.getOrDefault("a", 5.431);
        List<Target> out = new ArrayList<>();
        if (kv.containsKey("C11") || kv.containsKey("C12") || kv.containsKey("C44")) {
            if (!(kv.containsKey("C11") && kv.containsKey("C12") && kv.containsKey("C44"))) throw new IllegalArgumentException("targets: give all of C11, C12, C44");
            out.add(new Target.ElasticConstants(kv.get("C11"), kv.get("C12"), kv.get("C44"), structure, a, kv.getOrDefault("w", 1.0)));
        }
        if (kv.getOrDefault("P", 1.0) > 0) out.add(new Target.ZeroPressure(structure, a, kv.getOrDefault("P", 1.0)));
        if (kv.containsKey("E")) out.add(new Target.CohesiveEnergy(kv.get("E"), structure, a, 1.0));
        for (Map.Entry<String, String> e : md.entrySet()) out.add(MdTargetSpecs.inline(e.getKey(), e.getValue(), kv, structure, a, catalog));
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Target> fromJson(String json, String file) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> m) || !(m.get("targets") instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": expected {\"targets\": [...]}");
        }
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> o = (Map<String, Object>) list.get(i);
            String where = file + " targets[" + i + "]";
            String prop = String.valueOf(o.get("property"));
            String s = o.containsKey("structure") ? String.valueOf(o.get("structure")) : "diamond";
            double a = num(o, "a", 5.431, where);
            double w = num(o, "weight", 1, where);
            switch (prop) {
                case "elastic" -> out.add(new Target.ElasticConstants(num(o, "C11", Double.NaN, where), num(o, "C12", Double.NaN, where), num(o, "C44", Double.NaN, where), s, a, w));
                case "pressure" -> out.add(new Target.ZeroPressure(s, a, w));
                case "cohesive" -> out.add(new Target.CohesiveEnergy(num(o, "energy", Double.NaN, where), s, a, w));
                case "phonons" -> {
                    List<Object> pts = (List<Object>) o.get("points");
                    if (pts == null) throw new IllegalArgumentException(where + ": phonons need \"points\"");
                    double[][] q = new double[pts.size()][];
                    int[][][] bands = new int[pts.size()][][];
                    double[][] thz = new double[pts.size()][];
                    for (int k = 0; k < pts.size(); k++) {
                        Map<String, Object> p = (Map<String, Object>) pts.get(k);
                        q[k] = doubles((List<Object>) p.get("q"));
                        thz[k] = doubles((List<Object>) p.get("thz"));
                        List<Object> b = (List<Object>) p.get("bands");
                        bands[k] = new int[b.size()][];
                        for (int g = 0; g < b.size(); g++) bands[k][g] = java.util.Arrays.stream(doubles((List<Object>) b.get(g))).mapToInt(x -> (int) x).toArray();
                    }
                    out.add(new Target.PhononFrequencies(q, bands, thz, (int) num(o, "supercell", 3, where), s, a, w));
                }
                case "vdos", "rdf" -> out.add(MdTargetSpecs.json(prop, o, where, s, a, w));
                default -> throw new IllegalArgumentException(where + ": property '" + prop + "'; use elastic, pressure, cohesive, phonons, vdos or rdf");
            }
        }
        return out;
    }

    private static double num(Map<String, Object> o, String key, double def, String where) {
        Object v = o.get(key);
        if (v == null) {
            if (Double.isNaN(def)) throw new IllegalArgumentException(where + ": missing \"" + key + "\"");
            return def;
        }
        if (!(v instanceof Number n)) throw new IllegalArgumentException(where + ": \"" + key + "\" = " + v + " is not a number");
        return n.doubleValue();
    }

    private static double[] doubles(List<Object> l) {
        if (l == null) throw new IllegalArgumentException("phonon point: missing list");
        return Json.doubles(l);
    }

    /** "name:lo:hi,..." → name → [lo, hi]; empty text → none. */
    public static Map<String, double[]> bounds(String text) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        for (String part : ListSyntax.elements("bounds", text, text, "name:lo:hi,... e.g. lambda:15:40,A:5:9")) {
            String[] f = part.split(":", -1);
            if (f.length != 3) throw new IllegalArgumentException("bounds: '" + part + "' is not name:lo:hi; write lambda:15:40,A:5:9");
            try {
                out.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bounds: '" + part + "' has a bound that is not a number");
            }
        }
        return out;
    }
}
