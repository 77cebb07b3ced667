package org.polymorph.materials.internal.potential.provider;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.materials.potential.PotentialProvider;

/**
 * The catalog of the running system: tracks every {@link PotentialProvider} service. A provider's id is the
 * service property {@link PotentialProvider#STYLE_PROPERTY} or, when absent, {@link PotentialProvider#style()}.
 * When two services share an id, the one with the higher service ranking (then the lower service id) wins,
 * and the clash is logged. Every lookup reads the tracker, so hot-deployed styles appear and disappear at
 * once. The tracker holds references; a provider object is got when a lookup first needs it (a Declarative
 * Services component may not yet serve while its registration is being announced) and released when its
 * service goes, so nothing of a stopped bundle stays reachable from here.
 */
public final class PotentialRegistry extends Catalog implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PotentialRegistry.class);

    private final BundleContext context;
    private final ServiceTracker<PotentialProvider, ServiceReference<PotentialProvider>> tracker;
    private final Map<ServiceReference<PotentialProvider>, PotentialProvider> got = new ConcurrentHashMap<>();

    public PotentialRegistry(BundleContext context) {
        this.context = context;
        this.tracker = new ServiceTracker<>(context, PotentialProvider.class, null) {
            @Override
            public ServiceReference<PotentialProvider> addingService(ServiceReference<PotentialProvider> ref) {
                onAdded(ref);
                return ref;
            }

            @Override
            public void removedService(ServiceReference<PotentialProvider> ref, ServiceReference<PotentialProvider> same) {
                if (got.remove(ref) != null) context.ungetService(ref);
                LOG.debug("pair style '{}' from {} removed", ref.getProperty(PotentialProvider.STYLE_PROPERTY), bundleOf(ref));
            }
        };
    }

    public PotentialRegistry open() {
        tracker.open();
        return this;
    }

    @Override
    public void close() {
        tracker.close();
        got.clear();
    }

    @Override
    protected Map<String, PotentialProvider> current() {
        Map<String, ServiceReference<PotentialProvider>> best = new TreeMap<>();
        SortedMap<String, PotentialProvider> out = new TreeMap<>();
        for (ServiceReference<PotentialProvider> ref : tracker.getTracked().keySet()) {
            PotentialProvider p = provider(ref);
            if (p == null) continue;                  // unregistered meanwhile, or not serving yet
            String id = idOf(ref, p);
            ServiceReference<PotentialProvider> current = best.get(id);
            // ServiceReference order: higher ranking, then lower service id, compares greater
            if (current == null || ref.compareTo(current) > 0) {
                best.put(id, ref);
                out.put(id, p);
            }
        }
        return out;
    }

    /** The provider behind {@code ref}, got once and kept until its service goes; null when it cannot be got now. */
    private PotentialProvider provider(ServiceReference<PotentialProvider> ref) {
        PotentialProvider p = got.get(ref);
        if (p != null) return p;
        try {
            p = context.getService(ref);
        } catch (IllegalStateException | IllegalArgumentException gone) {
            return null;
        }
        if (p == null) return null;
        PotentialProvider before = got.putIfAbsent(ref, p);
        if (before != null) {
            context.ungetService(ref);             // another lookup got it first: keep one use count
            return before;
        }
        if (tracker.getService(ref) == null && got.remove(ref) != null) {
            context.ungetService(ref);             // its service went while we got it
            return null;
        }
        return p;
    }

    private void onAdded(ServiceReference<PotentialProvider> ref) {
        Object id = ref.getProperty(PotentialProvider.STYLE_PROPERTY);
        if (id instanceof String s) {
            for (ServiceReference<PotentialProvider> other : tracker.getTracked().keySet()) {
                if (!other.equals(ref) && s.equals(other.getProperty(PotentialProvider.STYLE_PROPERTY))) {
                    ServiceReference<PotentialProvider> winner = ref.compareTo(other) > 0 ? ref : other;
                    LOG.warn("two pair style services have the id '{}': from bundles {} and {}; using the one from {} "
                            + "(higher service.ranking wins)", s, bundleOf(ref), bundleOf(other), bundleOf(winner));
                }
            }
        }
        LOG.debug("pair style '{}' registered by {}", id, bundleOf(ref));
    }

    /** The style id: the service property when set, else the provider's own. */
    static String idOf(ServiceReference<?> ref, PotentialProvider p) {
        Object prop = ref.getProperty(PotentialProvider.STYLE_PROPERTY);
        return prop instanceof String s && !s.isBlank() ? s : p.style();
    }

    private static String bundleOf(ServiceReference<?> ref) {
        return ref.getBundle() == null ? "(unregistered)" : ref.getBundle().getSymbolicName();
    }
}
