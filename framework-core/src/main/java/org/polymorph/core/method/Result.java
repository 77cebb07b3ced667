package org.polymorph.core.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a method returns: named values (numbers, strings, lists, nested maps, arrays) that become
 * the {@code result} object of {@code result.json}, and summary lines for the shell.
 */
public final class Result {
    private final Map<String, Object> values;
    private final List<String> summary;

    private Result(Map<String, Object> values, List<String> summary) {
        this.values = Collections.unmodifiableMap(values);
        this.summary = List.copyOf(summary);
    }

    public static Builder builder() { return new Builder(); }

    public Map<String, Object> values() { return values; }

    /** Human-readable lines; when empty, the shell prints the top-level scalar values. */
    public List<String> summary() { return summary; }

    /** Builds a {@link Result}; keys keep insertion order. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<String> summary = new ArrayList<>();

        public Builder put(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public Builder summary(String line) {
            summary.add(line);
            return this;
        }

        public Result build() { return new Result(new LinkedHashMap<>(values), summary); }
    }
}
