package org.polymorph.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.Progress;

/**
 * {@link Distributed} over the cluster: {@link Placement#CLUSTER} runs each job as a {@link ClusterJob} coordinated
 * by this member; {@link Placement#LOCAL} hands the items to the local-threads implementation of the core bundle.
 */
public final class ClusterDistributed implements Distributed {
    /** How long a pending item may find no member that has its kind before the job fails, ms. */
    static final long STARVE_MS = 10_000;

    private final String name;
    private final Transport transport;
    private final Signer signer;
    private final Supplier<Distributed> local;
    private final Supplier<Map<String, Advertisements.Entry>> entries;
    private final Set<ClusterJob> jobs = ConcurrentHashMap.newKeySet();

    /**
     * @param name the cluster's name as the user gave it
     * @param local the core bundle's local-threads implementation
     * @param entries each member's advertisement by member id
     */
    public ClusterDistributed(String name, Transport transport, Signer signer, Supplier<Distributed> local,
                              Supplier<Map<String, Advertisements.Entry>> entries) {
        this.name = name;
        this.transport = transport;
        this.signer = signer;
        this.local = local;
        this.entries = entries;
    }

    @Override
    public WorkResults map(List<WorkItem> items, Placement placement, Progress progress) {
        if (placement == Placement.LOCAL) return local.get().map(items, placement, progress);
        ClusterJob job = new ClusterJob(UUID.randomUUID().toString(), items, transport, signer, STARVE_MS);
        jobs.add(job);
        try {
            return job.run(progress);
        } finally {
            jobs.remove(job);
        }
    }

    /** A member left: the jobs coordinated here give its items to others. */
    public void memberLeft(String member) {
        jobs.forEach(j -> j.memberLeft(member));
    }

    @Override
    public ClusterView view() {
        Map<String, Advertisements.Entry> all = entries.get();
        String self = transport.self();
        List<ClusterView.Member> members = new ArrayList<>();
        for (Transport.Peer p : transport.peers()) {
            Advertisements.Entry e = all.get(p.id());
            members.add(new ClusterView.Member(p.id(), p.address(), p.id().equals(self), p.cores(), e == null ? 0 : e.running(),
                    e == null ? 0 : e.done(), p.kinds().stream().sorted().toList()));
        }
        List<ClusterView.Item> inFlight = new ArrayList<>();
        jobs.forEach(j -> inFlight.addAll(j.inFlight()));
        return new ClusterView(true, name, members, inFlight);
    }
}
