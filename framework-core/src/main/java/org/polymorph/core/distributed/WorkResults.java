package org.polymorph.core.distributed;

import java.util.List;
import java.util.Map;

/**
 * The results of one job, in the order of its items, and where each ran.
 *
 * @param values each item's result, as read back from JSON (Long/Double, ArrayList, LinkedHashMap)
 * @param ranOn the member that produced each result ({@code local} on local threads)
 * @param retries items handed out again because their member left or failed to answer
 * @param declined offers of an item refused by a member lacking its kind or rejecting its signature
 * @param duplicates results that arrived for an item already answered (a retried item whose first member answered
 *     after all): ignored, so that no item is counted twice
 */
public record WorkResults(List<Map<String, Object>> values, List<String> ranOn, int retries, int declined, int duplicates) {
    public WorkResults {
        values = List.copyOf(values);
        ranOn = List.copyOf(ranOn);
        if (values.size() != ranOn.size()) throw new IllegalArgumentException(values.size() + " values but " + ranOn.size() + " members");
    }

    /** Results without duplicates (local threads never produce one). */
    public WorkResults(List<Map<String, Object>> values, List<String> ranOn, int retries, int declined) {
        this(values, ranOn, retries, declined, 0);
    }

    /** How many distinct members produced results. */
    public long membersUsed() { return ranOn.stream().distinct().count(); }
}
