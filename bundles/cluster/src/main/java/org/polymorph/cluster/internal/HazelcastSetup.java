package org.polymorph.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast configuration of a Polymorph member: TCP-IP join on the listed members only (multicast, auto-detection
 * and phone-home off), bound to the configured address, the cluster name derived from the secret, the work executor
 * with one thread per core, logging through Log4j 2, quick failure detection (1 s heartbeats, a silent member is
 * dropped after 10 s) and the bundle's class loader for the tasks it deserializes.
 */
public final class HazelcastSetup {
    /** How long a member tries to reach the listed members before it starts a cluster of its own, s. */
    public static final int MAX_JOIN_SECONDS = 15;

    private HazelcastSetup() { }

    /**
     * @param runner this member's work runner (user context entry {@value ItemTask#RUNNER})
     * @param loader the class loader that sees {@link ItemTask} (the cluster bundle's)
     */
    public static Config config(ClusterSettings s, Signer signer, WorkRunner runner, ClassLoader loader) {
        Config config = new Config();
        config.setClusterName(signer.clusterName(s.name()));
        config.setClassLoader(loader);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "log4j2");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");     // the launcher stops the bundles
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        config.setProperty("hazelcast.max.join.seconds", Integer.toString(MAX_JOIN_SECONDS));
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.getJetConfig().setEnabled(false);
        NetworkConfig net = config.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(s.portAuto()).setPortCount(100);
        boolean any = s.host().equals("0.0.0.0") || s.host().equals("::");
        config.setProperty("hazelcast.socket.bind.any", Boolean.toString(any));
        if (!any) net.getInterfaces().setEnabled(true).addInterface(s.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(s.members());
        config.getExecutorConfig(HazelcastTransport.EXECUTOR).setPoolSize(s.cores()).setStatisticsEnabled(false);
        ConcurrentHashMap<String, Object> context = new ConcurrentHashMap<>();
        context.put(ItemTask.RUNNER, runner);
        config.setUserContext(context);
        return config;
    }
}
