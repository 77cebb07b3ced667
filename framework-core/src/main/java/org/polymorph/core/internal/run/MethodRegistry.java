package org.polymorph.core.internal.run;

import java.util.SortedMap;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.polymorph.core.method.Method;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.service.NamedService;
import org.polymorph.core.service.ServiceCatalog;

/**
 * Every {@link Method} service (the whiteboard), by id: the service property {@link Method#ID_PROPERTY}
 * or, when absent, {@link Method#id()}. A {@link ServiceCatalog} does the tracking: the higher service
 * ranking (then the lower service id) wins a shared id and the clash is logged; lookups read the registry
 * each time, so hot-deployed methods appear and disappear at once.
 */
public final class MethodRegistry implements MethodCatalog {
    private final BundleContext context;
    private volatile ServiceCatalog<Method> methods;

    public MethodRegistry(BundleContext context) { this.context = context; }

    public void open() { methods = ServiceCatalog.tracking(context, Method.class, Method.ID_PROPERTY, Method::id, "method"); }

    public void close() {
        ServiceCatalog<Method> m = methods;
        methods = null;
        if (m != null) m.close();
    }

    /** Sorted by id; empty while the registry is not open. */
    @Override
    public SortedMap<String, MethodEntry> entries() {
        SortedMap<String, MethodEntry> out = new TreeMap<>();
        ServiceCatalog<Method> m = methods;
        if (m == null) return out;
        for (NamedService<Method> e : m.entries()) out.put(e.name(), new MethodEntry(e.name(), e.service(), e.bundle(), e.bundleVersion()));
        return out;
    }
}
