package org.polymorph.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.WorkKind;

/**
 * This runtime as a cluster member: starts the Hazelcast instance, runs the items others send ({@link WorkRunner}),
 * advertises its kinds and load every {@value #ADVERTISE_MS} ms, tells the jobs it coordinates when a member leaves,
 * and offers the {@link ClusterDistributed} that spreads this runtime's jobs.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ClusterNode.class);
    static final long ADVERTISE_MS = 500;

    private final ClusterSettings settings;
    private final HazelcastInstance instance;
    private final WorkRunner runner;
    private final Supplier<Set<String>> kinds;
    private final Advertisements ads;
    private final ClusterDistributed distributed;
    private final ScheduledExecutorService ticker;

    /**
     * Starts the member (this blocks while it joins: at most {@link HazelcastSetup#MAX_JOIN_SECONDS} s).
     *
     * @param start starts Hazelcast from a configuration (the OSGi service of the Hazelcast bundle, or Hazelcast itself in tests)
     * @param kinds the names of this runtime's work kinds now
     * @param kind this runtime's work kind of a name
     * @param local the core bundle's local-threads {@link Distributed}
     */
    public ClusterNode(ClusterSettings settings, Function<Config, HazelcastInstance> start, Supplier<Set<String>> kinds,
                       Function<String, Optional<WorkKind>> kind, Supplier<Distributed> local,
                       ClassLoader loader) {
        this.settings = settings;
        this.kinds = kinds;
        Signer signer = new Signer(settings.secret());
        this.runner = new WorkRunner(signer, kind);
        this.instance = start.apply(HazelcastSetup.config(settings, signer, runner, loader));
        ReplicatedMap<String, String> map = instance.getReplicatedMap(Advertisements.MAP);
        this.ads = new Advertisements(map);
        HazelcastTransport transport = new HazelcastTransport(instance, ads);
        this.distributed = new ClusterDistributed(settings.name(), transport, signer, local, this::entries);
        instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                LOG.info("member {} at {} joined the cluster ({} members)", e.getMember().getUuid(), e.getMember().getAddress(), e.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String id = e.getMember().getUuid().toString();
                LOG.info("member {} at {} left the cluster ({} members)", id, e.getMember().getAddress(), e.getMembers().size());
                distributed.memberLeft(id);
                try {
                    ads.remove(id);
                } catch (RuntimeException stopping) {
                    // this member is shutting down as well
                }
            }
        });
        advertise();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polymorph-cluster-advertise");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::advertiseQuietly, ADVERTISE_MS, ADVERTISE_MS, TimeUnit.MILLISECONDS);
    }

    /** The Distributed service over this cluster. */
    public ClusterDistributed distributed() { return distributed; }

    /** This member's id. */
    public String id() { return instance.getCluster().getLocalMember().getUuid().toString(); }

    /** host:port this member listens on. */
    public String address() {
        var a = instance.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /** The number of members in the cluster now, this one included. */
    public int size() { return instance.getCluster().getMembers().size(); }

    /** The Hazelcast instance (for tests). */
    HazelcastInstance instance() { return instance; }

    /** What the launcher prints and checks: id, address, cluster name, member count. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id());
        m.put("address", address());
        m.put("name", settings.name());
        m.put("members", size());
        m.put("joined", settings.members());
        return m;
    }

    private Map<String, Advertisements.Entry> entries() {
        Map<String, Advertisements.Entry> out = new LinkedHashMap<>();
        for (Member m : instance.getCluster().getMembers()) {
            String id = m.getUuid().toString();
            ads.of(id).ifPresent(e -> out.put(id, e));
        }
        return out;
    }

    private void advertise() {
        ads.publish(id(), new Advertisements.Entry(address(), settings.cores(), kinds.get(), runner.running(), runner.done()));
    }

    private void advertiseQuietly() {
        try {
            if (instance.getLifecycleService().isRunning()) advertise();
        } catch (RuntimeException e) {
            LOG.debug("could not advertise this member: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            instance.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("the cluster member did not shut down cleanly: {}", e.toString());
        }
    }
}
