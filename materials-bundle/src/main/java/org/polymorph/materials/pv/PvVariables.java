package org.polymorph.materials.pv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.polymorph.core.method.BadInputException;

/**
 * Optimisation variables over a design: each a {@link DesignInputs} path with bounds in the variable's own space and a
 * scale, linear (the design value θ = x), log10 (θ = 10^x, as deltapv's optimisation scripts treat densities and
 * mobilities) or neglog10 (θ = −10^x, for acceptor doping, negative in the design file, as psc.py's −Na). A variable
 * may set several paths to the same θ (a material shared by layers, as deltapv's {@code make_design} with one material
 * for all layers): {@code "path"} is then a list, the first path giving the start value and the name, and ∂f/∂x sums
 * over the paths.
 *
 * @param list the variables, in the order of the vector x
 */
public record PvVariables(List<PvVariables.Variable> list) {
    /** How a variable x maps to its design value θ. */
    public enum Scale { LINEAR, LOG10, NEG_LOG10 }

    /** One variable: its design path, bounds on x and scale; {@code tied} further paths set to the same θ. */
    public record Variable(String path, double lower, double upper, Scale scale, List<String> tied) {
        public Variable {
            tied = List.copyOf(tied);
        }

        /** A variable on one path. */
        public Variable(String path, double lower, double upper, Scale scale) {
            this(path, lower, upper, scale, List.of());
        }

        /** Every path it sets: {@code path}, then {@code tied}. */
        public List<String> paths() {
            List<String> all = new ArrayList<>(1 + tied.size());
            all.add(path);
            all.addAll(tied);
            return all;
        }
    }

    private static final Set<String> KEYS = Set.of("path", "lower", "upper", "scale");

    public PvVariables {
        list = List.copyOf(list);
    }

    /**
     * Variables from JSON: a list of {@code {"path": ..., "lower": ..., "upper": ..., "scale": "linear"|"log10"}}
     * (scale optional, linear by default), checked against {@code design}.
     * @throws BadInputException naming {@code param[k].key}, its value and the fix
     */
    @SuppressWarnings("unchecked")
    public static PvVariables parse(Object json, PvDesign design, String param) {
        if (!(json instanceof List<?> items) || items.isEmpty()) {
            throw BadInputException.forParam(param, json, "is not a non-empty list of variables",
                    "give [{\"path\": \"layers[0].material.Eg\", \"lower\": 1, \"upper\": 5}, ...]");
        }
        List<Variable> out = new ArrayList<>();
        List<String> names = DesignInputs.names(design);
        for (int k = 0; k < items.size(); k++) {
            String where = param + "[" + k + "]";
            if (!(items.get(k) instanceof Map<?, ?> raw)) {
                throw BadInputException.forParam(where, items.get(k), "is not an object", "give {\"path\": ..., \"lower\": ..., \"upper\": ...}");
            }
            Map<String, Object> m = (Map<String, Object>) raw;
            for (String key : m.keySet()) {
                if (!KEYS.contains(key)) {
                    throw BadInputException.forParam(where + "." + key, m.get(key), "is not a known key" + BadInputException.didYouMean(key, KEYS),
                            "use path, lower, upper and scale");
                }
            }
            List<String> paths = paths(m.get("path"), where + ".path");
            for (String path : paths) {
                DesignInputs.get(design, path, where + ".path");
                for (Variable v : out) {
                    if (v.paths().contains(path)) throw BadInputException.forParam(where + ".path", path, "is given twice", "list each design input once");
                }
            }
            if (paths.size() != new HashSet<>(paths).size()) {
                throw BadInputException.forParam(where + ".path", paths, "names a path twice", "list each design input once");
            }
            String path = paths.get(0);
            double lo = bound(m, "lower", where), hi = bound(m, "upper", where);
            if (!(lo < hi)) {
                throw BadInputException.forParam(where + ".upper", hi, "must be above lower (" + lo + ")", "give lower < upper");
            }
            Object sc = m.getOrDefault("scale", "linear");
            Scale scale = switch (String.valueOf(sc).toLowerCase(Locale.ROOT)) {
                case "linear" -> Scale.LINEAR;
                case "log10" -> Scale.LOG10;
                case "neglog10" -> Scale.NEG_LOG10;
                default -> throw BadInputException.forParam(where + ".scale", sc, "is not a scale", "give \"linear\", \"log10\" or \"neglog10\"");
            };
            double theta = DesignInputs.get(design, path, where + ".path");
            if (scale == Scale.LOG10 && !(theta > 0) || scale == Scale.NEG_LOG10 && !(theta < 0)) {
                throw BadInputException.forParam(where + ".scale", sc, "does not fit the design value " + theta + " of " + path,
                        "use log10 for a positive value, neglog10 for a negative one (acceptor doping), linear otherwise");
            }
            out.add(new Variable(path, lo, hi, scale, paths.subList(1, paths.size())));
        }
        return new PvVariables(out);
    }

    /** A path, or a non-empty list of paths tied to one variable. */
    private static List<String> paths(Object spec, String param) {
        if (spec instanceof String one) return List.of(one);
        if (spec instanceof List<?> many && !many.isEmpty() && many.stream().allMatch(String.class::isInstance)) {
            return many.stream().map(String.class::cast).toList();
        }
        throw BadInputException.forParam(param, spec, "is not a design path", "give a key path such as layers[0].material.Eg, or a list of them to tie");
    }

    private static double bound(Map<String, Object> m, String key, String where) {
        if (!(m.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw BadInputException.forParam(where + "." + key, m.get(key), "is not a finite number", "give the " + key + " bound in the variable's scale");
        }
        return n.doubleValue();
    }

    /** Number of variables. */
    public int size() { return list.size(); }

    /** Lower bounds on x [k]. */
    public double[] lower() { return list.stream().mapToDouble(Variable::lower).toArray(); }

    /** Upper bounds on x [k]. */
    public double[] upper() { return list.stream().mapToDouble(Variable::upper).toArray(); }

    /** Design paths [k]. */
    public List<String> paths() { return list.stream().map(Variable::path).toList(); }

    /** x of the design's current values [k]. */
    public double[] start(PvDesign d) {
        double[] x = new double[list.size()];
        for (int k = 0; k < x.length; k++) {
            Variable v = list.get(k);
            double theta = DesignInputs.get(d, v.path(), v.path());
            x[k] = switch (v.scale()) {
                case LINEAR -> theta;
                case LOG10 -> Math.log10(theta);
                case NEG_LOG10 -> Math.log10(-theta);
            };
        }
        return x;
    }

    /** The design value θ of variable k at x_k. */
    public double theta(int k, double xk) {
        return switch (list.get(k).scale()) {
            case LINEAR -> xk;
            case LOG10 -> Math.pow(10, xk);
            case NEG_LOG10 -> -Math.pow(10, xk);
        };
    }

    /** {@code d} with every variable set from x [k]; validated as a design file is. */
    public PvDesign apply(PvDesign d, double[] x) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int k = 0; k < list.size(); k++) {
            for (String path : list.get(k).paths()) values.put(path, theta(k, x[k]));
        }
        return DesignInputs.with(d, values);
    }

    /**
     * ∂f/∂x [k] at x from ∂f/∂θ per design path: ∂f/∂x = Σ over the variable's paths ∂f/∂θ · dθ/dx (dθ/dx = θ ln 10 on
     * a log10 or neglog10 scale).
     */
    public double[] chain(double[] x, ToDoubleFunction<String> dTheta) {
        double[] out = new double[list.size()];
        for (int k = 0; k < out.length; k++) {
            Variable v = list.get(k);
            double d = 0;
            for (String path : v.paths()) d += dTheta.applyAsDouble(path);
            out[k] = v.scale() == Scale.LINEAR ? d : d * theta(k, x[k]) * Math.log(10);
        }
        return out;
    }
}
