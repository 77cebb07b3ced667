package org.polymorph.cluster.internal;

import com.google.inject.Injector;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.osgi.HazelcastOSGiService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.cluster.internal.bench.BenchClusterMethod;
import org.polymorph.cluster.internal.bench.BenchWork;
import org.polymorph.cluster.internal.bench.ChildMembers;
import org.polymorph.cluster.internal.bench.MemberStarter;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.ServiceCatalog;

/**
 * Composition root of the cluster bundle. With clustering on (framework property {@value ClusterSettings#ENABLED},
 * set by the launcher for {@code polymorph member} and for {@code cluster.enabled=true}) it starts this runtime's
 * cluster member and registers its {@link Distributed} with {@value #RANKING} for service.ranking, above the core
 * bundle's local threads; and a {@code Supplier<Map>} with {@value #STATUS_PROPERTY}=true that tells the launcher the
 * member's id, address and the number of members (or why it could not start: key {@code error}).
 */
public final class ClusterActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(ClusterActivator.class);
    /** service.ranking of the cluster's Distributed (the local one has 0). */
    public static final int RANKING = 10;
    /** Service property of the status supplier the launcher reads. */
    public static final String STATUS_PROPERTY = "polymorph.cluster.status";

    private BundleContext context;
    private ClusterSettings settings;
    private ServiceCatalog<WorkKind> kinds;
    private ServiceTracker<Distributed, Distributed> local;
    private volatile ClusterNode node;

    @Override
    protected OsgiModule module(BundleContext context) {
        this.context = context;
        if (ClusterSettings.enabled(context::getProperty)) {
            try {
                settings = ClusterSettings.read(context::getProperty);
            } catch (Exception e) {
                LOG.error("the cluster member cannot start: {}", ErrorText.of(e));
                settings = null;
                publishError(ErrorText.of(e));
            }
        }
        return new OsgiModule(context) {
            @Override
            protected void configureBundle() {
                if (settings != null) bind(ClusterSettings.class).toInstance(settings);
            }
        };
    }

    @Override
    protected void register(Injector injector) throws InvalidSyntaxException {
        local = new ServiceTracker<>(context, context.createFilter("(&(" + Constants.OBJECTCLASS + "=" + Distributed.class.getName()
                + ")(polymorph.distributed.local=true))"), null);
        local.open();
        Supplier<Distributed> localThreads = () -> {
            Distributed d = local.getService();
            if (d == null) throw new IllegalStateException("the core bundle's local Distributed service is not registered; check that"
                    + " org.polymorph.core is active (lb)");
            return d;
        };
        publish(WorkKind.class, new BenchWork(), Map.of(WorkKind.NAME_PROPERTY, BenchWork.NAME));
        publish(Method.class, new BenchClusterMethod(() -> node, localThreads, this::childMembers), Map.of(Method.ID_PROPERTY, BenchClusterMethod.ID));
        if (settings == null) return;
        ClusterSettings s = injector.getInstance(ClusterSettings.class);
        kinds = ServiceCatalog.tracking(context, WorkKind.class, WorkKind.NAME_PROPERTY, "work kind");
        try {
            node = new ClusterNode(s, starter(), () -> Set.copyOf(kinds.names()), kinds::find, localThreads,
                    ClusterActivator.class.getClassLoader());
        } catch (RuntimeException e) {
            LOG.error("the cluster member could not start on {}:{}: {}", s.host(), s.port(), ErrorText.of(e), e);
            publishError("the cluster member could not start on " + s.host() + ":" + s.port() + ": " + ErrorText.of(e));
            return;
        }
        LOG.info("cluster member {} at {}: cluster {} of {} members", node.id(), node.address(), s.name(), node.size());
        publish(Distributed.class, node.distributed(), Map.of(Constants.SERVICE_RANKING, RANKING, "polymorph.cluster", "true"));
        ClusterNode started = node;
        publish(Supplier.class, (Supplier<Map<String, Object>>) started::status, Map.of(STATUS_PROPERTY, "true"));
    }

    /** bench.cluster's extra members: child processes of this distribution ({@code polymorph.home}) in this member's cluster. */
    private MemberStarter childMembers(RunDirectory dir) throws IOException {
        String home = context.getProperty("polymorph.home");
        if (home == null || home.isBlank() || settings == null) {
            throw new IllegalStateException("bench.cluster needs the distribution's folder (framework property polymorph.home, set by"
                    + " bin/polymorph) and this runtime's cluster settings to start its members");
        }
        return new ChildMembers(Path.of(home), settings.name(), settings.host(), settings.cores(),
                Path.of(context.getProperty(ClusterSettings.SECRET_FILE)), dir.resolve("members"));
    }

    /** Starts Hazelcast through the Hazelcast bundle's OSGi service when it is there. */
    private Function<Config, HazelcastInstance> starter() {
        ServiceReference<HazelcastOSGiService> ref = context.getServiceReference(HazelcastOSGiService.class);
        HazelcastOSGiService osgi = ref == null ? null : context.getService(ref);
        return osgi == null ? Hazelcast::newHazelcastInstance : osgi::newHazelcastInstance;
    }

    private void publishError(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        publish(Supplier.class, (Supplier<Map<String, Object>>) () -> error, Map.of(STATUS_PROPERTY, "true"));
    }

    @Override
    protected void shutdown() {
        if (node != null) node.close();
        if (local != null) local.close();
        if (kinds != null) kinds.close();
    }
}
