package org.polymorph.shell.internal.registry;

import java.util.List;
import org.osgi.framework.BundleContext;
import org.polymorph.core.service.BackendCatalog;

/** The registered TensorServices and the probed absent ones, as the service registry holds them now. */
public final class TrackedBackends implements BackendSource {
    private final BundleContext context;
    private BackendCatalog catalog;

    public TrackedBackends(BundleContext context) {
        this.context = context;
    }

    public void open() { catalog = BackendCatalog.tracking(context); }

    public void close() {
        if (catalog != null) catalog.close();
        catalog = null;
    }

    @Override
    public List<BackendCatalog.Backend> registered() { return catalog.registered(); }

    @Override
    public List<BackendCatalog.Absent> absent() { return catalog.absent(); }
}
