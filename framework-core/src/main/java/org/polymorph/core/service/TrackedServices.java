package org.polymorph.core.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The registry side of a {@link ServiceCatalog}: tracks the references of one service interface and
 * turns them, on each call of {@link #snapshot()}, into one winner per name.
 *
 * <p>The tracker holds references only. A service object is got when a lookup first needs it (a
 * Declarative Services component may not serve yet while its registration is being announced, so
 * getting it inside the tracker's callback can fail) and released when its service goes, so nothing of
 * a stopped bundle stays reachable from here.
 */
final class TrackedServices<S> implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ServiceCatalog.class);

    private final BundleContext context;
    private final String nameProperty;
    private final Function<? super S, String> ownName;
    private final String kind;
    private final ServiceTracker<S, ServiceReference<S>> tracker;
    private final Map<ServiceReference<S>, S> got = new ConcurrentHashMap<>();
    /** Name → service ids of the clash last logged for it; guarded by this. */
    private final Map<String, List<Long>> logged = new HashMap<>();
    /** The tracker's tracking count when clashes were last checked; guarded by this. */
    private int checkedAt = -1;

    /**
     * @param ownName the name of a service registered without {@code nameProperty}, or null to ignore such services
     */
    TrackedServices(BundleContext context, Class<S> type, String nameProperty, Function<? super S, String> ownName, String kind) {
        this.context = context;
        this.nameProperty = nameProperty;
        this.ownName = ownName;
        this.kind = kind;
        this.tracker = new ServiceTracker<>(context, type, null) {
            @Override
            public ServiceReference<S> addingService(ServiceReference<S> ref) {
                LOG.debug("{} service {} registered by {}", kind, ref.getProperty(nameProperty), bundleOf(ref));
                return ref;
            }

            @Override
            public void removedService(ServiceReference<S> ref, ServiceReference<S> same) {
                if (got.remove(ref) != null) context.ungetService(ref);
                LOG.debug("{} service {} from {} removed", kind, ref.getProperty(nameProperty), bundleOf(ref));
            }
        };
    }

    void open() { tracker.open(); }

    @Override
    public void close() {
        tracker.close();                  // calls removedService for each reference: every service got is released
        got.clear();
    }

    /**
     * Name → the winning service, names in order of their first registration (lowest service.id). Of the
     * services sharing a name the one whose reference compares greatest wins: the higher service.ranking,
     * then the lower service.id, as {@link ServiceTracker#getService()} picks.
     */
    Map<String, NamedService<S>> snapshot() {
        int count = tracker.getTrackingCount();
        ServiceReference<S>[] refs = tracker.getServiceReferences();
        if (refs == null) return Map.of();
        Arrays.sort(refs, Comparator.comparingLong(r -> (Long) r.getProperty(Constants.SERVICE_ID)));
        Map<String, List<ServiceReference<S>>> byName = new LinkedHashMap<>();
        Map<ServiceReference<S>, S> services = new HashMap<>();
        for (ServiceReference<S> ref : refs) {
            String name = ServiceCatalog.key(ref.getProperty(nameProperty) instanceof String s ? s : null);
            if (name == null && ownName == null) continue;
            S service = service(ref);
            if (service == null) continue;                        // unregistered meanwhile, or not serving yet
            if (name == null) name = ServiceCatalog.key(ownName.apply(service));
            if (name == null) continue;
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(ref);
            services.put(ref, service);
        }
        Map<String, NamedService<S>> out = new LinkedHashMap<>();
        byName.forEach((name, candidates) -> {
            ServiceReference<S> best = Collections.max(candidates);
            Bundle b = best.getBundle();
            out.put(name, new NamedService<>(name, services.get(best), b == null ? "(unregistered)" : b.getSymbolicName(),
                    b == null ? "0.0.0" : b.getVersion().toString()));
        });
        logClashes(count, byName, out);
        return out;
    }

    /** The service behind {@code ref}, got once and kept until its service goes; null when it cannot be got now. */
    private S service(ServiceReference<S> ref) {
        S s = got.get(ref);
        if (s != null) return s;
        try {
            s = context.getService(ref);
        } catch (IllegalStateException | IllegalArgumentException gone) {
            return null;
        }
        if (s == null) return null;
        S before = got.putIfAbsent(ref, s);
        if (before != null) {
            context.ungetService(ref);             // another lookup got it first: keep one use count
            return before;
        }
        if (tracker.getService(ref) == null && got.remove(ref) != null) {
            context.ungetService(ref);             // its service went while we got it
            return null;
        }
        return s;
    }

    /**
     * Logs each clash (two or more services of one name) once, at the first lookup after the tracked
     * services changed, so that a bundle shadowing another's service is reported whichever way the
     * services are named.
     */
    private synchronized void logClashes(int count, Map<String, List<ServiceReference<S>>> byName, Map<String, NamedService<S>> winners) {
        if (count == checkedAt) return;
        checkedAt = count;
        Map<String, List<Long>> now = new HashMap<>();
        byName.forEach((name, candidates) -> {
            if (candidates.size() < 2) return;
            List<Long> ids = candidates.stream().map(r -> (Long) r.getProperty(Constants.SERVICE_ID)).toList();
            now.put(name, ids);
            if (ids.equals(logged.get(name))) return;
            LOG.warn("{} {} services from bundles {} share the name '{}'; using the one from {} (higher service.ranking wins)",
                    candidates.size(), kind, candidates.stream().map(TrackedServices::bundleOf).toList(), name, winners.get(name).bundle());
        });
        logged.clear();
        logged.putAll(now);
    }

    private static String bundleOf(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "(unregistered)" : b.getSymbolicName();
    }
}
