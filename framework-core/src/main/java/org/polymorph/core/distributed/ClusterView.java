package org.polymorph.core.distributed;

import java.util.List;

/**
 * What the {@code cluster} shell command and {@code GET /api/v1/cluster} show.
 *
 * @param clustered whether this runtime is a cluster member (false: items run on local threads)
 * @param name the cluster's name ({@code local} when not clustered)
 * @param members the members, this one first
 * @param inFlight the items handed out by this member and not yet answered
 */
public record ClusterView(boolean clustered, String name, List<Member> members, List<Item> inFlight) {
    public ClusterView {
        members = List.copyOf(members);
        inFlight = List.copyOf(inFlight);
    }

    /**
     * One member.
     *
     * @param id the member's id (Hazelcast's member UUID, or {@code local})
     * @param address host:port it listens on ("" when not clustered)
     * @param local whether it is this runtime
     * @param cores its available processors (items it runs at once)
     * @param running items it is running now
     * @param done items it has finished since it started
     * @param kinds the work kinds it can run
     */
    public record Member(String id, String address, boolean local, int cores, int running, long done, List<String> kinds) {
        public Member {
            kinds = List.copyOf(kinds);
        }
    }

    /**
     * One item in flight.
     *
     * @param job the job's id
     * @param item the item's id
     * @param kind its kind
     * @param member the member running it
     * @param seconds how long ago it was handed out
     */
    public record Item(String job, String item, String kind, String member, double seconds) { }
}
