package org.polymorph.cluster.internal;

import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.polymorph.core.runtime.Json;

/**
 * What each member tells the others about itself, in a replicated map keyed by member id: its address, its cores,
 * the work kinds its bundles provide, and its load. Each member writes its own entry ({@link #publish}), again when
 * a kind comes or goes or its load changes; the entry of a member that left is removed by any member that sees it go.
 */
public final class Advertisements {
    /** The replicated map's name. */
    public static final String MAP = "polymorph.members";

    /**
     * One member's entry.
     *
     * @param address host:port
     * @param cores items it runs at once
     * @param kinds its work kinds
     * @param running items running there now
     * @param done items run there since it started
     */
    public record Entry(String address, int cores, Set<String> kinds, int running, long done) {
        public Entry {
            kinds = Set.copyOf(new TreeSet<>(kinds));
        }

        String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", address);
            m.put("cores", cores);
            m.put("kinds", new ArrayList<>(new TreeSet<>(kinds)));
            m.put("running", running);
            m.put("done", done);
            return Json.write(m, false);
        }

        @SuppressWarnings("unchecked")
        static Entry fromJson(String json) {
            Map<String, Object> m = (Map<String, Object>) Json.parse(json);
            return new Entry((String) m.get("address"), ((Number) m.get("cores")).intValue(), Set.copyOf((List<String>) m.get("kinds")),
                    ((Number) m.get("running")).intValue(), ((Number) m.get("done")).longValue());
        }
    }

    private final ReplicatedMap<String, String> map;
    private volatile String last;

    public Advertisements(ReplicatedMap<String, String> map) {
        this.map = map;
    }

    /** Writes {@code member}'s entry when it changed since the last write. */
    public void publish(String member, Entry entry) {
        String json = entry.toJson();
        if (json.equals(last)) return;
        map.put(member, json);
        last = json;
    }

    /** The entry of {@code member}, if it has written one. */
    public Optional<Entry> of(String member) {
        String json = map.get(member);
        return json == null ? Optional.empty() : Optional.of(Entry.fromJson(json));
    }

    /** Drops the entry of a member that left. */
    public void remove(String member) {
        map.remove(member);
    }
}
