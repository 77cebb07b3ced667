package org.polymorph.core.method;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated parameter values: every spec has a value (given or default), unknown keys were rejected. */
public final class Params {
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) { this.values = Collections.unmodifiableMap(values); }

    /**
     * Validates raw key=value pairs against the specs: unknown keys, wrong types, out-of-range
     * values and missing required parameters throw {@link BadInputException}.
     */
    public static Params parse(String methodId, List<ParamSpec> specs, Map<String, String> raw) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) byName.put(s.name(), s);
        for (String key : raw.keySet()) {
            if (!byName.containsKey(key)) {
                String fix = "its parameters are " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
                        + " (see: describe " + methodId + ")";
                throw new BadInputException("unknown parameter '" + key + "' for method '" + methodId + "'"
                        + suggestion(key, byName.keySet()) + "; " + fix, key, raw.get(key), fix);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            String v = raw.get(s.name());
            if (v != null) {
                out.put(s.name(), s.parse(v));
            } else if (s.required()) {
                String fix = "add " + s.name() + "=<" + s.type().label() + ">";
                throw new BadInputException("missing required parameter '" + s.name() + "' for method '"
                        + methodId + "': " + s.description() + "; " + fix, s.name(), null, fix);
            } else {
                out.put(s.name(), s.defaultValue());
            }
        }
        return new Params(out);
    }

    /** Params built directly from typed values (tests, programmatic calls); no validation. */
    public static Params of(Map<String, Object> values) { return new Params(new LinkedHashMap<>(values)); }

    public int getInt(String name) { return ((Number) get(name)).intValue(); }

    public double getDouble(String name) { return ((Number) get(name)).doubleValue(); }

    public boolean getBoolean(String name) { return (Boolean) get(name); }

    public String getString(String name) { return (String) get(name); }

    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String name) { return (List<Integer>) get(name); }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String name) { return (List<Double>) get(name); }

    /**
     * A {@link ParamType#DOUBLE_LISTS} value: one list per item.
     *
     * @since 1.4.0
     */
    @SuppressWarnings("unchecked")
    public List<List<Double>> getDoubleLists(String name) { return (List<List<Double>>) get(name); }

    public Object get(String name) {
        if (!values.containsKey(name)) throw new IllegalArgumentException("no parameter '" + name + "'; have " + values.keySet());
        return values.get(name);
    }

    /** All values in spec order, for result.json. */
    public Map<String, Object> asMap() { return values; }

    private static String suggestion(String key, Iterable<String> names) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String n : names) {
            int d = Suggestions.editDistance(key, n);
            if (d < bestD) { bestD = d; best = n; }
        }
        return best != null && bestD <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }
}
