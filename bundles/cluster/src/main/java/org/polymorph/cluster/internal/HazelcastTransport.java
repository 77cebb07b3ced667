package org.polymorph.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link Transport} over a Hazelcast instance: the members are the cluster's members that have advertised themselves
 * ({@link Advertisements}), and an item goes to its member through the executor {@value #EXECUTOR}
 * ({@code submitToMember}).
 */
public final class HazelcastTransport implements Transport {
    /** The name of the executor that runs work items (its pool has the member's cores). */
    public static final String EXECUTOR = "polymorph-work";

    private final HazelcastInstance instance;
    private final Advertisements ads;

    public HazelcastTransport(HazelcastInstance instance, Advertisements ads) {
        this.instance = instance;
        this.ads = ads;
    }

    @Override
    public List<Peer> peers() {
        List<Peer> out = new ArrayList<>();
        for (Member m : instance.getCluster().getMembers()) {
            Optional<Advertisements.Entry> e = ads.of(m.getUuid().toString());
            if (e.isEmpty()) continue;                 // joined, but has not said what it runs yet
            Peer p = new Peer(m.getUuid().toString(), e.get().address(), e.get().cores(), e.get().kinds());
            if (m.localMember()) out.add(0, p);
            else out.add(p);
        }
        return out;
    }

    @Override
    public String self() {
        return instance.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public void send(Peer peer, ItemTask task, Consumer<String> reply, Consumer<Throwable> failure) {
        Member target = instance.getCluster().getMembers().stream().filter(m -> m.getUuid().toString().equals(peer.id())).findFirst()
                .orElseThrow(() -> new TargetNotMemberException("member " + peer.id() + " is no longer in the cluster"));
        IExecutorService executor = instance.getExecutorService(EXECUTOR);
        executor.submitToMember(task, target, new ExecutionCallback<String>() {
            @Override
            public void onResponse(String response) { reply.accept(response); }

            @Override
            public void onFailure(Throwable t) { failure.accept(t); }
        });
    }

    @Override
    public boolean lost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MemberLeftException || t instanceof TargetNotMemberException || t instanceof TargetDisconnectedException
                    || t instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }
}
