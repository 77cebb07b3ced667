package org.polymorph.core.distributed;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a Method records about where its items ran, over the one or several {@link Distributed#map} calls of a run
 * (a sweep's batches, an outer loop's steps): the items run, the distinct members that ran them, the retries and the
 * declined offers. Not thread-safe: the Method's own thread adds to it.
 */
public final class WorkTally {
    private final Placement placement;
    private final Set<String> members = new LinkedHashSet<>();
    private long items;
    private long jobs;
    private long retries;
    private long declined;

    public WorkTally(Placement placement) { this.placement = placement; }

    /** Adds one job's results; returns them. */
    public WorkResults add(WorkResults r) {
        jobs++;
        items += r.values().size();
        members.addAll(r.ranOn());
        retries += r.retries();
        declined += r.declined();
        return r;
    }

    /** The members that ran items, in order of first appearance. */
    public List<String> members() { return List.copyOf(members); }

    /**
     * The facts for result.json's {@code distributed}: {@code placement} (local or cluster, as asked), {@code jobs},
     * {@code items}, {@code members_used} (distinct members), {@code members} (their ids), {@code retries}, {@code declined}.
     */
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("placement", placement.name().toLowerCase(java.util.Locale.ROOT));
        m.put("jobs", jobs);
        m.put("items", items);
        m.put("members_used", members.size());
        m.put("members", List.copyOf(members));
        m.put("retries", retries);
        m.put("declined", declined);
        return m;
    }
}
