package org.polymorph.core.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.polymorph.core.method.BadInputException;

/**
 * The services of one extension point by name, as the service registry holds them now: Methods, pair
 * styles, optimizers, datasets, optimization tasks, each registered under its interface with its name in a
 * service property (e.g. {@code polymorph.optimizer.name=adam}) or, where the consumer allows it, named by
 * the service itself. Names are trimmed and lower case, and looked up in any case. Where two services share
 * a name the one with the higher {@code service.ranking} wins (then the one registered first), as for
 * {@link org.osgi.util.tracker.ServiceTracker#getService()}, and the clash is logged. Every lookup reads the
 * registry afresh, so a Method that shows {@link #names()} in {@code describe} shows what a user can name at
 * that moment, a hot-deployed bundle's services included. Names are listed in registration order, or sorted
 * in the catalog {@link #sorted()} returns.
 *
 * <p>A consumer opens one catalog per extension point with {@link #tracking} in its activator and closes it
 * when the bundle stops; tests and embedded use build a fixed one with {@link #of}.
 *
 * @param <S> the service interface
 */
public final class ServiceCatalog<S> implements AutoCloseable {
    private final String kind;
    private final Supplier<Map<String, NamedService<S>>> source;
    private final AutoCloseable onClose;

    private ServiceCatalog(String kind, Supplier<Map<String, NamedService<S>>> source, AutoCloseable onClose) {
        this.kind = kind;
        this.source = source;
        this.onClose = onClose;
    }

    /**
     * A catalog over the services of {@code type} registered in the framework of {@code context}, named by
     * the String property {@code nameProperty}; services without it are ignored.
     *
     * @param kind what one service is, for messages: "optimizer", "dataset", "task"
     */
    public static <S> ServiceCatalog<S> tracking(BundleContext context, Class<S> type, String nameProperty, String kind) {
        return tracking(context, type, nameProperty, null, kind);
    }

    /**
     * As {@link #tracking(BundleContext, Class, String, String)}, a service registered without
     * {@code nameProperty} being named by {@code ownName} (e.g. {@code Method::id}); null ignores such services.
     */
    public static <S> ServiceCatalog<S> tracking(BundleContext context, Class<S> type, String nameProperty,
                                                 Function<? super S, String> ownName, String kind) {
        TrackedServices<S> tracked = new TrackedServices<>(context, type, nameProperty, ownName, kind);
        tracked.open();
        return new ServiceCatalog<>(kind, tracked::snapshot, tracked);
    }

    /** A fixed catalog of {@code services} by name, in the map's order (the first of a name wins). */
    public static <S> ServiceCatalog<S> of(String kind, Map<String, ? extends S> services) {
        Map<String, NamedService<S>> fixed = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            String k = key(name);
            if (k != null) fixed.putIfAbsent(k, new NamedService<>(k, s, null, null));
        });
        Map<String, NamedService<S>> copy = Collections.unmodifiableMap(fixed);
        return new ServiceCatalog<>(kind, () -> copy, () -> { });
    }

    /** A fixed catalog of {@code services} named by {@code name}, in the list's order (the first of a name wins). */
    public static <S> ServiceCatalog<S> of(String kind, List<? extends S> services, Function<? super S, String> name) {
        Map<String, S> m = new LinkedHashMap<>();
        for (S s : services) {
            String k = key(name.apply(s));
            if (k != null) m.putIfAbsent(k, s);
        }
        return of(kind, m);
    }

    /** This catalog with its names listed in sorted order; it shares this one's registry tracking (close either). */
    public ServiceCatalog<S> sorted() {
        return new ServiceCatalog<>(kind, () -> Collections.unmodifiableMap(new TreeMap<>(source.get())), onClose);
    }

    /** What one service is, as messages name it ("optimizer", "pair style"). */
    public String kind() { return kind; }

    /** The services present now, one per name, in this catalog's order. */
    public List<NamedService<S>> entries() { return List.copyOf(source.get().values()); }

    /** The names present now, in this catalog's order. */
    public List<String> names() { return List.copyOf(source.get().keySet()); }

    /** The service named {@code name} (any case, surrounding blanks ignored), if one is registered now. */
    public Optional<S> find(String name) { return entry(name).map(NamedService::service); }

    /** The entry named {@code name} (any case, surrounding blanks ignored), if one is registered now. */
    public Optional<NamedService<S>> entry(String name) {
        String k = key(name);
        return k == null ? Optional.empty() : Optional.ofNullable(source.get().get(k));
    }

    /**
     * The service named {@code name}, for the user parameter {@code param}.
     *
     * @throws BadInputException naming the parameter, the value and the names present now
     */
    public S get(String param, String name) {
        return find(name).orElseThrow(() -> unknown(param, name));
    }

    /**
     * The error for a user parameter {@code param} naming no service of this catalog: "parameter 'param' =
     * 'name': unknown optimizer; use one of sgd, adam, ..." (or, when none is registered, which bundles to check).
     */
    public BadInputException unknown(String param, String name) {
        List<String> now = names();
        String fix = now.isEmpty() ? "no " + kind + " is registered now; check that the bundles providing them are active (lb)"
                : "use one of " + String.join(", ", now);
        return BadInputException.forParam(param, name, "unknown " + kind, fix);
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

    /** The catalog form of a name: trimmed, lower case; null for null or blank. */
    static String key(String name) {
        if (name == null || name.isBlank()) return null;
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
