package org.polymorph.core.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.method.BadInputException;

/**
 * The services of one extension point by name, as the service registry holds them now: an
 * optimizer, a dataset, an optimization task, each registered under its interface with the name in
 * a service property (e.g. {@code polymorph.optimizer.name=adam}). Names are lower case and looked
 * up case-insensitively. Where two services share a name the one with the higher
 * {@code service.ranking} wins (then the one registered first), as for
 * {@link ServiceTracker#getService()}. {@link #names()} lists one entry per name in registration
 * order, so a Method that shows them in {@code describe} shows what a user can name at that moment,
 * a hot-deployed bundle's services included.
 *
 * <p>A consumer opens one catalog per extension point with {@link #tracking} in its activator and
 * closes it when the bundle stops; tests and embedded use build a fixed one with {@link #of}.
 *
 * @param <S> the service interface
 */
public final class ServiceCatalog<S> implements AutoCloseable {
    private final String kind;
    private final Supplier<Map<String, S>> source;
    private final AutoCloseable onClose;

    private ServiceCatalog(String kind, Supplier<Map<String, S>> source, AutoCloseable onClose) {
        this.kind = kind;
        this.source = source;
        this.onClose = onClose;
    }

    /**
     * A catalog over the services of {@code type} registered in the framework of {@code context},
     * named by the String property {@code nameProperty}; services without it are ignored.
     *
     * @param kind what one service is, for messages: "optimizer", "dataset", "task"
     */
    public static <S> ServiceCatalog<S> tracking(BundleContext context, Class<S> type, String nameProperty, String kind) {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        return new ServiceCatalog<>(kind, () -> snapshot(tracker, nameProperty), tracker::close);
    }

    /** A fixed catalog of {@code services} by name, in the map's order. */
    public static <S> ServiceCatalog<S> of(String kind, Map<String, ? extends S> services) {
        Map<String, S> fixed = new LinkedHashMap<>();
        services.forEach((name, s) -> fixed.putIfAbsent(key(name), s));
        Map<String, S> copy = java.util.Collections.unmodifiableMap(fixed);
        return new ServiceCatalog<>(kind, () -> copy, () -> { });
    }

    /** A fixed catalog of {@code services} named by {@code name}, in the list's order (the first of a name wins). */
    public static <S> ServiceCatalog<S> of(String kind, List<? extends S> services, Function<? super S, String> name) {
        Map<String, S> m = new LinkedHashMap<>();
        for (S s : services) m.putIfAbsent(key(name.apply(s)), s);
        return of(kind, m);
    }

    /** The names present now, one per name, in registration order. */
    public List<String> names() { return List.copyOf(source.get().keySet()); }

    /** The service named {@code name} (any case, surrounding blanks ignored), if one is registered now. */
    public Optional<S> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(source.get().get(key(name)));
    }

    /**
     * The service named {@code name}, for the user parameter {@code param}.
     *
     * @throws BadInputException naming the parameter, the value and the names present now
     */
    public S get(String param, String name) {
        Map<String, S> now = source.get();
        S s = name == null ? null : now.get(key(name));
        if (s != null) return s;
        String fix = now.isEmpty() ? "no " + kind + " is registered now; check that the bundles providing them are active (lb)"
                : "use one of " + String.join(", ", now.keySet());
        throw BadInputException.forParam(param, name, "no " + kind + " of that name is registered", fix);
    }

    /** Stops tracking (a fixed catalog has nothing to close). */
    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the " + kind + " catalog failed: " + e.getMessage(), e);
        }
    }

    private static String key(String name) { return name.trim().toLowerCase(Locale.ROOT); }

    /** Name → the winning service, names in order of their first registration (lowest service.id). */
    private static <S> Map<String, S> snapshot(ServiceTracker<S, S> tracker, String nameProperty) {
        ServiceReference<S>[] refs = tracker.getServiceReferences();
        Map<String, S> out = new LinkedHashMap<>();
        if (refs == null) return out;
        List<ServiceReference<S>> byId = new ArrayList<>(List.of(refs));
        byId.sort(Comparator.comparingLong(r -> (Long) r.getProperty(org.osgi.framework.Constants.SERVICE_ID)));
        Map<String, ServiceReference<S>> best = new LinkedHashMap<>();
        for (ServiceReference<S> r : byId) {
            if (!(r.getProperty(nameProperty) instanceof String name) || name.isBlank()) continue;
            // compareTo orders by ranking, then by lower id: the greater reference wins, as getService() picks
            best.merge(key(name), r, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        best.forEach((name, r) -> {
            S s = tracker.getService(r);
            if (s != null) out.put(name, s);
        });
        return out;
    }
}
