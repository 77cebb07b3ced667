package org.polymorph.core.distributed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.polymorph.core.runtime.Json;

/**
 * One independent piece of work: the name of a registered {@link WorkKind}, its parameters (JSON values: maps,
 * lists, numbers, strings, booleans, null; a double[] is written as a list) and a seed. The item carries everything it
 * needs (file contents, not paths), so any member can run it. {@code id} is unique within a job; a retry on another
 * member keeps it, so a result is counted once.
 */
public record WorkItem(String id, String kind, Map<String, Object> params, long seed) {
    public WorkItem {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("work item id is blank");
        if (kind == null || kind.isBlank()) throw new IllegalArgumentException("work item " + id + ": kind is blank");
        params = params == null ? Map.of() : canonical(params, id);
    }

    /** The item as one JSON object {id, kind, seed, params}: what travels and what a signature covers. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        m.put("seed", seed);
        m.put("params", params);
        return Json.write(m, false);
    }

    /** Reads {@link #toJson()}'s text. */
    @SuppressWarnings("unchecked")
    public static WorkItem fromJson(String json) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("id") instanceof String id) || !(m.get("kind") instanceof String kind)
                || !(m.get("seed") instanceof Number seed) || !(m.get("params") instanceof Map<?, ?> params)) {
            throw new IllegalArgumentException("not a work item: " + (json.length() > 200 ? json.substring(0, 200) + "…" : json));
        }
        return new WorkItem(id, kind, (Map<String, Object>) params, seed.longValue());
    }

    /** The parameters as they read back from JSON (Long/Double, List, LinkedHashMap), so every member sees the same. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> canonical(Map<String, Object> params, String id) {
        Objects.requireNonNull(params);
        try {
            return java.util.Collections.unmodifiableMap((Map<String, Object>) Json.parse(Json.write(params, false)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("work item " + id + ": parameters are not JSON values: " + e.getMessage(), e);
        }
    }
}
