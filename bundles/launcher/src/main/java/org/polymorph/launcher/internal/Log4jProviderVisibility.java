package org.polymorph.launcher.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.FindHook;

/**
 * Shows Log4j's {@code org.apache.logging.log4j.spi.Provider} service only to the bundle that registered it
 * (log4j-core).
 *
 * <p>log4j-api's activator (2.24) asks the context of every bundle that starts for Provider services, to learn
 * whether that bundle brings a Log4j implementation, and gets each one it finds without releasing it. Felix 7
 * keeps a usage record per (using bundle, non-prototype service) until that <em>service</em> is unregistered, also
 * once the using bundle has stopped (its use count is then -1) and been uninstalled; the record holds the bundle,
 * so every bundle ever hot-deployed into {@code deploy/} stayed reachable for the life of the runtime (about
 * 10 KB each). Seen by its registrant only, the provider is still found when log4j-core starts, which is what
 * log4j-api's lookup is for, and a deployed bundle's context finds none and gets none.
 */
public final class Log4jProviderVisibility implements FindHook {
    static final String PROVIDER = "org.apache.logging.log4j.spi.Provider";

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        references.removeIf(ref -> isProvider(ref) && !Objects.equals(ref.getBundle(), context.getBundle()));
    }

    static boolean isProvider(ServiceReference<?> ref) {
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        return classes instanceof String[] names && Arrays.asList(names).contains(PROVIDER);
    }
}
