package org.polymorph.core.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.BackendProbe;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.TensorService;

/**
 * The registered TensorServices (the backends) by name and ranking, and the {@link BackendProbe}s of backends a
 * bundle may still register: what the run engine resolves the {@value Backends#PARAM} run parameter against, what
 * {@code tensor.info} and the {@code backend} command list, and what a bundle's injected TensorService is
 * ({@link #current()}). Every call reads the registry afresh.
 *
 * <p>A backend is named by its {@link TensorService#BACKEND_PROPERTY} (else by {@link TensorService#name()});
 * where two share a name, the higher {@code service.ranking} wins, as everywhere. The default backend is the
 * highest-ranked of all.
 */
public final class BackendCatalog implements AutoCloseable {
    /** How long a run asking for a backend that is still being probed waits for the decision. */
    public static final Duration PROBE_WAIT = Duration.ofSeconds(30);

    /**
     * One registered TensorService.
     *
     * @param name its backend name ({@code nd4j-cpu}, {@code cuda})
     * @param ranking its {@code service.ranking} (0 when not set)
     * @param device where it computes: {@value Backends#CPU} or {@value Backends#GPU} ({@value Backends#DEVICE_PROPERTY})
     * @param service the service
     */
    public record Backend(String name, int ranking, String device, TensorService service) {
        /** Whether it computes on a GPU. */
        public boolean gpu() { return Backends.GPU.equals(device); }
    }

    /**
     * A backend a bundle may register and has not.
     *
     * @param name the backend's name
     * @param reason why it is not registered, or that its probe is still running
     */
    public record Absent(String name, String reason) { }

    private final Supplier<List<Backend>> backends;
    private final Supplier<TensorService> best;
    private final Supplier<List<BackendProbe>> probes;
    private final AutoCloseable onClose;

    private BackendCatalog(Supplier<List<Backend>> backends, Supplier<TensorService> best, Supplier<List<BackendProbe>> probes,
                           AutoCloseable onClose) {
        this.backends = backends;
        this.best = best;
        this.probes = probes;
        this.onClose = onClose;
    }

    /** A catalog over the TensorService and BackendProbe services of the framework of {@code context}; close it when done. */
    public static BackendCatalog tracking(BundleContext context) {
        ServiceTracker<TensorService, TensorService> services = new ServiceTracker<>(context, TensorService.class, null);
        ServiceTracker<BackendProbe, BackendProbe> probes = new ServiceTracker<>(context, BackendProbe.class, null);
        services.open();
        probes.open();
        return new BackendCatalog(() -> registered(services), services::getService, () -> probed(probes), () -> {
            services.close();
            probes.close();
        });
    }

    /** A fixed catalog (tests, embedded use): {@code backends} in any order, sorted by ranking, ties in list order. */
    public static BackendCatalog of(List<Backend> backends, List<BackendProbe> probes) {
        List<Backend> sorted = new ArrayList<>(backends);
        sorted.sort(Comparator.comparingInt(Backend::ranking).reversed());
        List<Backend> fixed = List.copyOf(sorted);
        List<BackendProbe> fixedProbes = List.copyOf(probes);
        return new BackendCatalog(() -> fixed, () -> fixed.isEmpty() ? null : fixed.get(0).service(), () -> fixedProbes, () -> { });
    }

    /** The registered backends, highest ranking first: the first is the default. */
    public List<Backend> registered() { return backends.get(); }

    /** The highest-ranked backend, if any is registered. */
    public Optional<Backend> defaultBackend() {
        List<Backend> all = registered();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The registered backend named {@code name} (any case), the highest-ranked of that name. */
    public Optional<Backend> find(String name) {
        if (name == null) return Optional.empty();
        String key = name.strip();
        return registered().stream().filter(b -> b.name().equalsIgnoreCase(key)).findFirst();
    }

    /** The backends whose probe said they are absent, or has not said yet, with the reason; none that is registered. */
    public List<Absent> absent() {
        List<Absent> out = new ArrayList<>();
        for (BackendProbe p : probes.get()) {
            if (find(p.backend()).isPresent() || out.stream().anyMatch(a -> a.name().equalsIgnoreCase(p.backend()))) continue;
            if (!p.decided()) {
                out.add(new Absent(p.backend(), "still probing"));
            } else {
                p.absence(Duration.ZERO).ifPresent(reason -> out.add(new Absent(p.backend(), reason)));
            }
        }
        return out;
    }

    /**
     * The TensorService for the code running on this thread: the backend {@link Backends#selected()} names, else
     * the highest-ranked one.
     *
     * @throws IllegalStateException when that backend, or any, is not registered now
     */
    public TensorService current() {
        Optional<String> selected = Backends.selected();
        if (selected.isPresent()) {
            return find(selected.get()).map(Backend::service).orElseThrow(() -> new IllegalStateException("the backend '"
                    + selected.get() + "' selected for this run is not registered now (registered: " + names(registered())
                    + "); run again with another " + Backends.PARAM + "=, or check that its bundle is active (lb)"));
        }
        TensorService s = best.get();
        if (s == null) {
            throw new IllegalStateException("no TensorService service is registered; check that its bundle is active (lb)");
        }
        return s;
    }

    /**
     * The backend a run asks for with {@value Backends#PARAM}{@code =value}: {@value Backends#CPU} is the
     * highest-ranked backend not on a GPU; any other value the registered backend of that name. A backend whose
     * probe has not decided yet is waited for, up to {@code wait}.
     *
     * @throws BadInputException naming {@value Backends#PARAM}, the value, the registered backends and, for a backend
     *     a bundle probed for and did not register, why
     */
    public Backend select(String value, Duration wait) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) throw bad(value, "no backend named");
        if (v.equalsIgnoreCase(Backends.CPU)) {
            return registered().stream().filter(b -> !b.gpu()).findFirst()
                    .orElseThrow(() -> bad(v, "no backend that computes on the CPU is registered"));
        }
        Optional<Backend> found = find(v);
        if (found.isPresent()) return found.get();
        Optional<BackendProbe> probe = probes.get().stream().filter(p -> p.backend().equalsIgnoreCase(v)).findFirst();
        if (probe.isPresent()) {
            Optional<String> reason = probe.get().absence(wait);
            found = find(v);
            if (found.isPresent()) return found.get();
            throw bad(v, "backend " + probe.get().backend() + " is not available: "
                    + reason.orElse("it was registered and is gone again"));
        }
        List<String> names = new ArrayList<>(List.of(Backends.CPU));
        registered().forEach(b -> names.add(b.name()));
        throw bad(v, "unknown backend" + BadInputException.didYouMean(v.toLowerCase(Locale.ROOT), names));
    }

    /** "use one of cpu (nd4j-cpu), nd4j-cpu (default, ranking 0), reference (ranking -1); or leave backend out". */
    private BadInputException bad(String value, String problem) {
        List<Backend> all = registered();
        String fix;
        if (all.isEmpty()) {
            fix = "no TensorService is registered now; check that the gpu bundle (org.polymorph.gpu) is active (lb)";
        } else {
            List<String> choices = new ArrayList<>();
            all.stream().filter(b -> !b.gpu()).findFirst().ifPresent(cpu -> choices.add(Backends.CPU + " (" + cpu.name() + ")"));
            for (int i = 0; i < all.size(); i++) {
                Backend b = all.get(i);
                choices.add(b.name() + " (" + (i == 0 ? "default, " : "") + "ranking " + b.ranking() + ")");
            }
            fix = "use one of " + String.join(", ", choices) + ", or leave " + Backends.PARAM + " out for the default";
        }
        List<Absent> absent = absent().stream().filter(a -> !a.name().equalsIgnoreCase(value == null ? "" : value.strip())).toList();
        if (!absent.isEmpty()) {
            fix += "; not available here: " + absent.stream().map(a -> a.name() + " (" + a.reason() + ")").collect(Collectors.joining(", "));
        }
        return BadInputException.forParam(Backends.PARAM, value, problem, fix);
    }

    private static String names(List<Backend> all) {
        return all.isEmpty() ? "none" : all.stream().map(Backend::name).collect(Collectors.joining(", "));
    }

    /** Stops tracking (a fixed catalog has nothing to close). */
    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the backend catalog failed: " + e.getMessage(), e);
        }
    }

    /** The tracked TensorServices, best first (higher ranking, then registered earlier), as getService() orders them. */
    private static List<Backend> registered(ServiceTracker<TensorService, TensorService> tracker) {
        ServiceReference<TensorService>[] refs = tracker.getServiceReferences();
        if (refs == null) return List.of();
        Arrays.sort(refs, Collections.reverseOrder());
        List<Backend> out = new ArrayList<>();
        for (ServiceReference<TensorService> ref : refs) {
            TensorService s = tracker.getService(ref);
            if (s == null) continue;                     // unregistered meanwhile
            String name = ref.getProperty(TensorService.BACKEND_PROPERTY) instanceof String n && !n.isBlank() ? n.strip() : s.name();
            int ranking = ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
            String device = ref.getProperty(Backends.DEVICE_PROPERTY) instanceof String d && !d.isBlank()
                    ? d.strip().toLowerCase(Locale.ROOT) : Backends.CPU;
            out.add(new Backend(name, ranking, device, s));
        }
        return out;
    }

    private static List<BackendProbe> probed(ServiceTracker<BackendProbe, BackendProbe> tracker) {
        ServiceReference<BackendProbe>[] refs = tracker.getServiceReferences();
        if (refs == null) return List.of();
        Arrays.sort(refs, Collections.reverseOrder());
        List<BackendProbe> out = new ArrayList<>();
        for (ServiceReference<BackendProbe> ref : refs) {
            BackendProbe p = tracker.getService(ref);
            if (p != null) out.add(p);
        }
        return out;
    }
}
