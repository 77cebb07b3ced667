package org.polymorph.materials.internal.forcefield;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;

/**
 * The MD-based targets in ff.fit's target text (see {@link TargetSpecs}).
 * <p>JSON: {@code {"property": "vdos" | "rdf", "reference": {"style": "edip", "file": "Si.edip"}} or
 * {@code "curve": "target.csv"} (two columns: THz and intensity, or Å and g; a header line and
 * {@code #} comments allowed), with optional {@code temperature} (K, 300), {@code cells} (2: 64 atoms of
 * diamond), {@code timestep_fs} (1), {@code equilibration} (steps, 500), {@code steps} (1000),
 * {@code seed} (1); for vdos {@code width_thz} (0.5) and {@code max_thz} (20); for rdf {@code width} (Å,
 * 0.1), {@code r_max} (Å, 5) and {@code every} (steps between frames, 10); and the common
 * {@code structure}, {@code a}, {@code weight}.
 * <p>Inline: {@code vdos=edip:Si.edip} (style:file) or {@code vdos=target.csv}, likewise {@code rdf=...},
 * with {@code T}, {@code cells}, {@code dt_fs}, {@code equil}, {@code md_steps}, {@code md_seed},
 * {@code w_vdos}, {@code w_rdf} (weights, 1) and the same structure and a as the other inline targets.
 */
final class MdTargetSpecs {
    /** The inline keys this class reads. */
    static final List<String> INLINE_KEYS = List.of("vdos", "rdf", "T", "cells", "dt_fs", "equil", "md_steps", "md_seed", "w_vdos", "w_rdf");

    private MdTargetSpecs() { }

    /** An inline vdos/rdf target; {@code num} holds the numeric inline keys. */
    static Target inline(String kind, String source, Map<String, Double> num, String structure, double a, PotentialCatalog catalog) {
        Target.Md md = new Target.Md(num.getOrDefault("cells", 2.0).intValue(), num.getOrDefault("T", 300.0), num.getOrDefault("dt_fs", 1.0),
                num.getOrDefault("equil", 500.0).intValue(), num.getOrDefault("md_steps", 1000.0).intValue(), num.getOrDefault("md_seed", 1.0).longValue());
        Target.Source src = source(source, "targets: " + kind + "=" + source, catalog);
        double w = num.getOrDefault("w_" + kind, 1.0);
        return kind.equals("vdos") ? new Target.Vdos(md, src, 0.5, 20, structure, a, w) : new Target.Rdf(md, src, 0.1, 5, Math.min(10, md.steps()), structure, a, w);
    }

    /** A JSON vdos/rdf object. */
    @SuppressWarnings("unchecked")
    static Target json(String kind, Map<String, Object> o, String where, String structure, double a, double w) {
        try {
            return jsonUnchecked(kind, o, where, structure, a, w);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Target jsonUnchecked(String kind, Map<String, Object> o, String where, String structure, double a, double w) {
        Target.Md md = new Target.Md((int) num(o, "cells", 2, where), num(o, "temperature", 300, where), num(o, "timestep_fs", 1, where),
                (int) num(o, "equilibration", 500, where), (int) num(o, "steps", 1000, where), (long) num(o, "seed", 1, where));
        Target.Source src;
        if (o.get("reference") instanceof Map<?, ?> ref) {
            if (o.containsKey("curve")) throw new IllegalArgumentException(where + ": both \"reference\" and \"curve\"; give one");
            Object style = ref.get("style");
            Object file = ref.get("file");
            if (style == null || file == null) throw new IllegalArgumentException(where + ": \"reference\" = " + ref + "; give {\"style\": \"edip\", \"file\": \"Si.edip\"}");
            src = new Target.Source(null, null, String.valueOf(style), existing(String.valueOf(file), where + " reference file"));
        } else if (o.get("curve") instanceof String csv) {
            src = curve(existing(csv, where + " curve"));
        } else {
            throw new IllegalArgumentException(where + ": " + kind + " needs \"reference\": {\"style\": ..., \"file\": ...} or \"curve\": \"target.csv\"");
        }
        return kind.equals("vdos")
                ? new Target.Vdos(md, src, num(o, "width_thz", 0.5, where), num(o, "max_thz", 20, where), structure, a, w)
                : new Target.Rdf(md, src, num(o, "width", 0.1, where), num(o, "r_max", 5, where), (int) num(o, "every", Math.min(10, md.steps()), where), structure, a, w);
    }

    /** "style:file" (a reference potential of a style in {@code catalog} that reads one file) or a CSV path. */
    static Target.Source source(String text, String where, PotentialCatalog catalog) {
        String t = text.trim();
        int colon = t.indexOf(':');
        List<String> styles = catalog.styles(p -> p.files() == PotentialProvider.FileRule.ONE);
        if (colon > 0 && catalog.find(t.substring(0, colon)).filter(p -> p.files() == PotentialProvider.FileRule.ONE).isPresent()) {
            return new Target.Source(null, null, t.substring(0, colon), existing(t.substring(colon + 1), where));
        }
        if (colon > 0 && !Files.exists(Path.of(t))) {
            throw new IllegalArgumentException(where + ": reference style '" + t.substring(0, colon) + "'; write one of " + String.join(":, ", styles)
                    + ": before the file");
        }
        return curve(existing(t, where));
    }

    /** Two columns x, y (comma, semicolon or blanks); blank lines, '#' comments and one header line are skipped. */
    static Target.Source curve(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("target curve " + file + ": cannot read (" + e.getMessage() + "); give a readable CSV file");
        }
        List<double[]> rows = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split("[,;\\s]+");
            try {
                if (f.length < 2) throw new NumberFormatException();
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            } catch (NumberFormatException e) {
                if (rows.isEmpty() && !header) {
                    header = true;
                    continue;
                }
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + l + "' is not two numbers; write x,y (THz,intensity or Å,g)");
            }
        }
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = rows.get(k)[0];
            y[k] = rows.get(k)[1];
            if (!Double.isFinite(y[k]) || y[k] < 0) throw new IllegalArgumentException(file + ": y = " + y[k] + " at x = " + x[k] + "; give finite values >= 0");
        }
        try {
            return new Target.Source(x, y, null, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static Path existing(String file, String where) {
        Path p = Path.of(file.trim());
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException(where + ": no file " + p.toAbsolutePath() + "; give an existing file");
        return p;
    }

    private static double num(Map<String, Object> o, String key, double def, String where) {
        Object v = o.get(key);
        if (v == null) return def;
        if (!(v instanceof Number n)) throw new IllegalArgumentException(where + ": \"" + key + "\" = " + v + " is not a number; give a number");
        return n.doubleValue();
    }
}
