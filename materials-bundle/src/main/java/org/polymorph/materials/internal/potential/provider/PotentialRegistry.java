package org.polymorph.materials.internal.potential.provider;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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
 * once; the tracker holds no provider of a stopped bundle.
 */
public final class PotentialRegistry extends Catalog implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(PotentialRegistry.class);

    private final ServiceTracker<PotentialProvider, PotentialProvider> tracker;

    public PotentialRegistry(BundleContext context) {
        this.tracker = new ServiceTracker<>(context, PotentialProvider.class, null) {
            @Override
            public PotentialProvider addingService(ServiceReference<PotentialProvider> ref) {
                PotentialProvider p = super.addingService(ref);
                if (p != null) onAdded(ref, p);
                return p;
            }

            @Override
            public void removedService(ServiceReference<PotentialProvider> ref, PotentialProvider p) {
                LOG.debug("pair style '{}' from {} removed", idOf(ref, p), bundleOf(ref));
                super.removedService(ref, p);
            }
        };
    }

    public PotentialRegistry open() {
        tracker.open();
        return this;
    }

    @Override
    public void close() { tracker.close(); }

    @Override
    protected Map<String, PotentialProvider> current() {
        Map<String, ServiceReference<PotentialProvider>> best = new TreeMap<>();
        SortedMap<String, PotentialProvider> out = new TreeMap<>();
        for (Map.Entry<ServiceReference<PotentialProvider>, PotentialProvider> e : tracker.getTracked().entrySet()) {
            String id = idOf(e.getKey(), e.getValue());
            ServiceReference<PotentialProvider> current = best.get(id);
            // ServiceReference order: higher ranking, then lower service id, compares greater
            if (current == null || e.getKey().compareTo(current) > 0) {
                best.put(id, e.getKey());
                out.put(id, e.getValue());
            }
        }
        return out;
    }

    private void onAdded(ServiceReference<PotentialProvider> ref, PotentialProvider added) {
        String id = idOf(ref, added);
        for (Map.Entry<ServiceReference<PotentialProvider>, PotentialProvider> e : tracker.getTracked().entrySet()) {
            if (!e.getKey().equals(ref) && id.equals(idOf(e.getKey(), e.getValue()))) {
                ServiceReference<PotentialProvider> winner = ref.compareTo(e.getKey()) > 0 ? ref : e.getKey();
                LOG.warn("two pair style services have the id '{}': from bundles {} and {}; using the one from {} "
                        + "(higher service.ranking wins)", id, bundleOf(ref), bundleOf(e.getKey()), bundleOf(winner));
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
