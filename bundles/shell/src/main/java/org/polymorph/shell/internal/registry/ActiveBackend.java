package org.polymorph.shell.internal.registry;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.tensor.TensorService;

/** The active TensorService: the registered one with the highest service ranking. */
public final class ActiveBackend implements BackendSource {
    private final ServiceTracker<TensorService, TensorService> tracker;

    public ActiveBackend(BundleContext context) {
        this.tracker = new ServiceTracker<>(context, TensorService.class, null);
    }

    public void open() { tracker.open(); }

    public void close() { tracker.close(); }

    @Override
    public Optional<TensorService> service() {
        return Optional.ofNullable(tracker.getService());
    }

    /** The service properties of the active backend (ranking, backend id), or empty. */
    @Override
    public Map<String, Object> properties() {
        ServiceReference<TensorService> ref = tracker.getServiceReference();
        Map<String, Object> props = new TreeMap<>();
        if (ref != null) {
            for (String key : ref.getPropertyKeys()) props.put(key, ref.getProperty(key));
        }
        return props;
    }

    /** How many TensorServices are registered (CPU, CUDA, ...). */
    @Override
    public int count() {
        return tracker.size();
    }
}
