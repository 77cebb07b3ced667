package org.polymorph.core.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a method returns: named values (numbers, strings, lists, nested maps, arrays) that become
 * the {@code result} object of {@code result.json}, and summary lines for the shell.
 *
 * <p>Every number is finite: {@link Builder#put} rejects a NaN or an infinity, also inside maps,
 * lists and arrays, naming the key. A value that is not defined for a run (no first peak in the RDF
 * of a dilute gas, say) is an absent key: leave it out, and say so in the Method's documentation.
 *
 * <p>{@link #warnings()} are sentences for a run that finished but whose numbers a scientist should
 * not trust as they are (a supercell smaller than the interaction range, an absurd lattice constant):
 * the run engine writes them to {@code result.json} as {@code warnings} and the shell prints them.
 */
public final class Result {
    private final Map<String, Object> values;
    private final List<String> summary;
    private final List<String> warnings;

    private Result(Map<String, Object> values, List<String> summary, List<String> warnings) {
        this.values = Collections.unmodifiableMap(values);
        this.summary = List.copyOf(summary);
        this.warnings = List.copyOf(warnings);
    }

    public static Builder builder() { return new Builder(); }

    public Map<String, Object> values() { return values; }

    /** Human-readable lines; when empty, the shell prints the top-level scalar values. */
    public List<String> summary() { return summary; }

    /**
     * What the user should check before trusting the numbers, one sentence each, in the order given;
     * empty when nothing was suspicious.
     *
     * @since 1.4.0
     */
    public List<String> warnings() { return warnings; }

    /** Builds a {@link Result}; keys keep insertion order. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<String> summary = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        /**
         * Adds a value.
         *
         * @throws IllegalArgumentException when {@code value} is or holds a non-finite number, naming
         *     {@code key} and where inside it (leave the key out when the value is not defined)
         */
        public Builder put(String key, Object value) {
            checkFinite(value, key);
            values.put(key, value);
            return this;
        }

        private static void checkFinite(Object v, String path) {
            if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("non-finite number " + d + " at result key '" + path
                            + "'; a result holds finite numbers only (leave a key out when its value is not defined)");
                }
            } else if (v instanceof double[] a) {
                for (int i = 0; i < a.length; i++) checkFinite(a[i], path + "[" + i + "]");
            } else if (v instanceof float[] a) {
                for (int i = 0; i < a.length; i++) checkFinite(a[i], path + "[" + i + "]");
            } else if (v instanceof Object[] a) {
                for (int i = 0; i < a.length; i++) checkFinite(a[i], path + "[" + i + "]");
            } else if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) checkFinite(e.getValue(), path + "." + e.getKey());
            } else if (v instanceof Iterable<?> it) {
                int i = 0;
                for (Object o : it) checkFinite(o, path + "[" + i++ + "]");
            }
        }

        public Builder summary(String line) {
            summary.add(line);
            return this;
        }

        /**
         * Adds a warning: one sentence saying what looks wrong, the value that shows it and what to
         * change (e.g. "supercell 2,2,2 is 8.1 Å wide, less than twice the cutoff 5.0 Å: use supercell=4,4,4").
         *
         * @throws IllegalArgumentException when {@code sentence} is blank
         * @since 1.4.0
         */
        public Builder warn(String sentence) {
            if (sentence == null || sentence.isBlank()) throw new IllegalArgumentException("a warning needs a sentence; got '" + sentence + "'");
            warnings.add(sentence.strip());
            return this;
        }

        public Result build() { return new Result(new LinkedHashMap<>(values), summary, warnings); }
    }
}
