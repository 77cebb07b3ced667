package org.polymorph.launcher.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/** Reads {@code .properties} files and expands {@code ${name}} references. */
public final class PropertyFiles {
    private static final int MAX_DEPTH = 16;

    private PropertyFiles() {
    }

    /** Loads a properties file (ISO-8859-1 escapes as in {@link Properties}); a missing file gives an empty map. */
    public static Map<String, String> load(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }

    /**
     * Expands {@code ${name}} in every value: first from {@code props} itself, then from {@code fallback}
     * (e.g. system properties). Unknown names stay as written so the mistake is visible.
     */
    public static Map<String, String> expand(Map<String, String> props, Function<String, String> fallback) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            out.put(e.getKey(), expand(e.getValue(), props, fallback, 0));
        }
        return out;
    }

    private static String expand(String value, Map<String, String> props, Function<String, String> fallback,
            int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("property reference nesting deeper than " + MAX_DEPTH
                    + " in '" + value + "': check for a cycle such as a=${b}, b=${a}");
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start + 2);
            if (start < 0 || end < 0) {
                sb.append(value, i, value.length());
                break;
            }
            sb.append(value, i, start);
            String name = value.substring(start + 2, end);
            String replacement = props.containsKey(name) ? props.get(name) : fallback.apply(name);
            sb.append(replacement == null ? "${" + name + "}"
                    : expand(replacement, props, fallback, depth + 1));
            i = end + 1;
        }
        return sb.toString();
    }
}
