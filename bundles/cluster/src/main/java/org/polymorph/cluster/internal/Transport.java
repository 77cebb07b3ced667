package org.polymorph.cluster.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** How a coordinator sees the members and hands them items: Hazelcast in a runtime, a fake in the scheduler's tests. */
public interface Transport {
    /**
     * One member as it advertises itself.
     *
     * @param id its member id
     * @param address host:port
     * @param cores items it runs at once
     * @param kinds the work kinds it has
     */
    record Peer(String id, String address, int cores, Set<String> kinds) {
        public Peer {
            kinds = Set.copyOf(kinds);
        }
    }

    /** The members now in the cluster, this one first. */
    List<Peer> peers();

    /** This member's id. */
    String self();

    /**
     * Sends one item to {@code peer}; {@code reply} later gets the signed answer text, or the exception when the item never
     * reached an answer ({@link #lost} tells whether because the member left).
     */
    void send(Peer peer, ItemTask task, Consumer<String> reply, Consumer<Throwable> failure);

    /** Whether {@code failure} means the member left or could not be reached (the item goes to another member). */
    boolean lost(Throwable failure);
}
