package org.polymorph.core.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;

/**
 * The JSON values of work items and their results. Doubles travel as JSON numbers, which read back exactly (the text
 * is the shortest that round-trips); the non-finite ones, which JSON numbers cannot hold (a diverged run, a target
 * that cannot be evaluated), travel as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}. The
 * readers take an item's parameters and throw a {@link BadInputException} naming the parameter, its value and the fix.
 */
public final class WorkValues {
    private WorkValues() { }

    /** {@code v} as a JSON value: the number, or its name when not finite. */
    public static Object real(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }

    /** {@code v} as a JSON list, element by element as {@link #real(double)}. */
    public static List<Object> reals(double[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (double d : v) out.add(real(d));
        return out;
    }

    /** The double {@link #real(double)} wrote; {@code name} is what a bad value is reported as. */
    public static double real(Object o, String name) {
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof String s) {
            switch (s) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw BadInputException.forParam(name, o, o == null ? "missing" : "not a number", "give a JSON number (or \"NaN\", \"Infinity\", \"-Infinity\")");
    }

    /** The doubles {@link #reals(double[])} wrote. */
    public static double[] reals(Object o, String name) {
        if (!(o instanceof List<?> l)) throw BadInputException.forParam(name, o, o == null ? "missing" : "not a list of numbers", "give a JSON array of numbers");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = real(l.get(i), name + "[" + i + "]");
        return out;
    }

    /**
     * {@code params} with every key prefixed by {@code prefix} and a dot, so that the readers name a nested parameter in full
     * ({@code structure.positions}).
     */
    public static Map<String, Object> within(Map<String, Object> params, String prefix) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> out.put(prefix + "." + k, v));
        return out;
    }

    /** Parameter {@code name} of {@code params}, present and not null. */
    public static Object required(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v == null) throw BadInputException.forParam(name, null, "missing from the work item", "give it in the item's parameters");
        return v;
    }

    /** Text parameter {@code name}. */
    public static String text(Map<String, Object> params, String name) {
        if (required(params, name) instanceof String s) return s;
        throw BadInputException.forParam(name, params.get(name), "not text", "give a JSON string");
    }

    /** Whole-number parameter {@code name} in [{@code min}, {@code max}]. */
    public static long integer(Map<String, Object> params, String name, long min, long max) {
        Object v = required(params, name);
        if (!(v instanceof Long n)) throw BadInputException.forParam(name, v, "not a whole number", "give a JSON integer");
        if (n < min || n > max) throw BadInputException.forParam(name, v, "out of range", "give a value in [" + min + ", " + max + "]");
        return n;
    }

    /** Number parameter {@code name} ({@link #real(Object, String)}). */
    public static double real(Map<String, Object> params, String name) { return real(required(params, name), name); }

    /** Number-list parameter {@code name} ({@link #reals(Object, String)}). */
    public static double[] reals(Map<String, Object> params, String name) { return reals(required(params, name), name); }

    /** Boolean parameter {@code name}. */
    public static boolean bool(Map<String, Object> params, String name) {
        if (required(params, name) instanceof Boolean b) return b;
        throw BadInputException.forParam(name, params.get(name), "not a boolean", "give true or false");
    }

    /** Object parameter {@code name}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> params, String name) {
        if (required(params, name) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw BadInputException.forParam(name, params.get(name), "not a JSON object", "give an object {...}");
    }

    /** List parameter {@code name}. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> params, String name) {
        if (required(params, name) instanceof List<?> l) return (List<Object>) l;
        throw BadInputException.forParam(name, params.get(name), "not a JSON array", "give an array [...]");
    }
}
