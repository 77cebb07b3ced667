package org.polymorph.autodiff.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * Resolves dataset specs, as given to the {@code nn.train} method, to datasets:
 *
 * <pre>
 * spirals[:n=1000,noise=0.1]                              {@link Synthetic#twoSpirals}
 * blobs[:n=1000,classes=3,dim=2,spread=0.5]               {@link Synthetic#gaussianBlobs}
 * teacher[:n=1000,in=8,out=1,hidden=32,noise=0.05]        {@link Synthetic#teacherStudent}
 * mnist:&lt;dir&gt;                                             {@link Idx#loadDirectory}
 * cifar10:&lt;dir&gt;                                           {@link Cifar10#loadDirectory}
 * </pre>
 *
 * Omitted options take the defaults shown. Names are case-insensitive. Unknown names, unknown
 * or repeated options and malformed values throw {@link IllegalArgumentException} naming the bad
 * part and listing the allowed forms.
 */
public final class Datasets {
    /** The accepted spec forms, with their defaults. */
    public static final List<String> FORMS = List.of(
            "spirals[:n=1000,noise=0.1]",
            "blobs[:n=1000,classes=3,dim=2,spread=0.5]",
            "teacher[:n=1000,in=8,out=1,hidden=32,noise=0.05]",
            "mnist:<dir>",
            "cifar10:<dir>");

    private Datasets() {}

    /**
     * The training data of {@code spec}: the whole generated set for synthetic specs (from
     * {@code key}), the official training files for MNIST and CIFAR-10 ({@code key} unused).
     *
     * @param dtype feature dtype, FLOAT32 or FLOAT64
     */
    public static Dataset load(TensorService ts, String spec, RandomKey key, DType dtype) {
        Spec s = parse(spec);
        return switch (s.name) {
            case "mnist" -> Idx.loadDirectory(ts, s.dir(), true, dtype);
            case "cifar10" -> Cifar10.loadDirectory(ts, s.dir(), true, dtype);
            default -> synthetic(ts, s, key, dtype);
        };
    }

    /**
     * Training and test data of {@code spec}: the official test files for MNIST and CIFAR-10, or
     * for synthetic specs the last {@code testFraction} of the generated set
     * ({@link Dataset#split}); {@code testFraction} is unused for file datasets.
     */
    public static Dataset.Split loadSplit(TensorService ts, String spec, RandomKey key, DType dtype, double testFraction) {
        Spec s = parse(spec);
        return switch (s.name) {
            case "mnist" -> new Dataset.Split(Idx.loadDirectory(ts, s.dir(), true, dtype), Idx.loadDirectory(ts, s.dir(), false, dtype));
            case "cifar10" -> new Dataset.Split(Cifar10.loadDirectory(ts, s.dir(), true, dtype),
                    Cifar10.loadDirectory(ts, s.dir(), false, dtype));
            default -> synthetic(ts, s, key, dtype).split(ts, testFraction);
        };
    }

    private static Dataset synthetic(TensorService ts, Spec s, RandomKey key, DType dtype) {
        if (!List.of("spirals", "blobs", "teacher").contains(s.name)) throw s.bad("unknown dataset name '" + s.name + "'");
        if (key == null) throw new IllegalArgumentException("dataset spec '" + s.spec + "' is generated and needs a RandomKey; pass RandomKey.of(seed)");
        try {
            return generate(ts, s, key, dtype);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("dataset spec")) throw e;
            throw new IllegalArgumentException("dataset spec '" + s.spec + "': " + e.getMessage(), e);
        }
    }

    private static Dataset generate(TensorService ts, Spec s, RandomKey key, DType dtype) {
        return switch (s.name) {
            case "spirals" -> {
                Map<String, String> o = s.options(defaults("n", "1000", "noise", "0.1"));
                yield Synthetic.twoSpirals(ts, key, s.integer(o, "n"), s.real(o, "noise"), dtype);
            }
            case "blobs" -> {
                Map<String, String> o = s.options(defaults("n", "1000", "classes", "3", "dim", "2", "spread", "0.5"));
                yield Synthetic.gaussianBlobs(ts, key, s.integer(o, "n"), s.integer(o, "classes"), s.integer(o, "dim"),
                        s.real(o, "spread"), dtype);
            }
            case "teacher" -> {
                Map<String, String> o = s.options(defaults("n", "1000", "in", "8", "out", "1", "hidden", "32", "noise", "0.05"));
                yield Synthetic.teacherStudent(ts, key, s.integer(o, "n"), s.integer(o, "in"), s.integer(o, "out"),
                        s.integer(o, "hidden"), s.real(o, "noise"), dtype);
            }
            default -> throw s.bad("unknown dataset name '" + s.name + "'");
        };
    }

    private static Map<String, String> defaults(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static Spec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("dataset spec is empty; use one of " + FORMS);
        }
        String t = spec.trim();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        return new Spec(spec, name, colon < 0 ? "" : t.substring(colon + 1).trim());
    }

    /** A parsed spec: {@code name[:rest]}. */
    private record Spec(String spec, String name, String rest) {
        IllegalArgumentException bad(String problem) {
            return new IllegalArgumentException("dataset spec '" + spec + "': " + problem + "; use one of " + FORMS);
        }

        Path dir() {
            if (rest.isEmpty()) throw bad("'" + name + "' needs a directory, as " + name + ":<dir>");
            return Path.of(rest);
        }

        /** key=value options over the defaults; unknown or repeated keys are errors. */
        Map<String, String> options(Map<String, String> defaults) {
            Map<String, String> out = new LinkedHashMap<>(defaults);
            if (rest.isEmpty()) return out;
            Set<String> seen = new HashSet<>();
            for (String part : rest.split(",")) {
                int eq = part.indexOf('=');
                String k = eq < 0 ? part.trim() : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (eq < 0) throw bad("option '" + k + "' has no value; write key=value");
                if (!defaults.containsKey(k)) throw bad("unknown option '" + k + "' for '" + name + "' (allowed: " + defaults.keySet() + ")");
                if (!seen.add(k)) throw bad("option '" + k + "' is given twice");
                out.put(k, part.substring(eq + 1).trim());
            }
            return out;
        }

        int integer(Map<String, String> o, String k) {
            try {
                return Integer.parseInt(o.get(k));
            } catch (NumberFormatException e) {
                throw bad("option " + k + "='" + o.get(k) + "' is not an integer");
            }
        }

        double real(Map<String, String> o, String k) {
            try {
                return Double.parseDouble(o.get(k));
            } catch (NumberFormatException e) {
                throw bad("option " + k + "='" + o.get(k) + "' is not a number");
            }
        }
    }
}
