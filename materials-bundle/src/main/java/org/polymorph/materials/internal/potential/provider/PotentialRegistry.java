package org.polymorph.materials.internal.potential.provider;

import org.osgi.framework.BundleContext;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.potential.PotentialProvider;

/**
 * The catalog of the running system: every {@link PotentialProvider} service, by the service property
 * {@link PotentialProvider#STYLE_PROPERTY} or, when absent, {@link PotentialProvider#style()}. The
 * {@link ServiceCatalog} it reads settles a shared id by service ranking, logs the clash, reads the
 * registry on every lookup (hot-deployed styles appear and disappear at once) and gets a provider only
 * when a lookup first needs it, releasing it when its service goes.
 */
public final class PotentialRegistry extends Catalog implements AutoCloseable {
    /** Starts tracking the providers registered in the framework of {@code context}. */
    public PotentialRegistry(BundleContext context) {
        super(ServiceCatalog.tracking(context, PotentialProvider.class, PotentialProvider.STYLE_PROPERTY, PotentialProvider::style, KIND));
    }

    @Override
    public void close() { providers().close(); }
}
