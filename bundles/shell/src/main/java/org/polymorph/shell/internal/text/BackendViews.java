package org.polymorph.shell.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Backends;
import org.polymorph.shell.internal.registry.BackendSource;

/**
 * The {@code backend} view: every registered TensorService, highest ranking first (the first, the active one, is
 * what a run uses without {@code backend=}), with its ranking, device and describe() facts; then the backends a
 * bundle could not register, with the reason; then how to choose one per run.
 */
public final class BackendViews {
    static final String NONE = "no TensorService is registered; is the gpu bundle (org.polymorph.gpu) active? see: lb";

    private BackendViews() { }

    /** Human text; {@code IllegalStateException} when no backend is registered. */
    public static String text(BackendSource backends) {
        List<BackendCatalog.Backend> all = registered(backends);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            BackendCatalog.Backend b = all.get(i);
            if (i == 0) {
                sb.append("active TensorService: ").append(b.name()).append(" (default; service.ranking ").append(b.ranking())
                        .append(", device ").append(b.device()).append(", ").append(all.size())
                        .append(all.size() == 1 ? " backend registered)\n" : " backends registered)\n");
            } else {
                sb.append("also registered: ").append(b.name()).append(" (service.ranking ").append(b.ranking())
                        .append(", device ").append(b.device()).append(")\n");
            }
            ResultViews.appendMap(sb, b.service().describe(), "  ");
        }
        for (BackendCatalog.Absent a : backends.absent()) {
            sb.append("not available: ").append(a.name()).append(" (").append(a.reason()).append(")\n");
        }
        sb.append("choose one per run with ").append(Backends.PARAM).append('=').append(Backends.CPU);
        for (BackendCatalog.Backend b : all) sb.append('|').append(b.name());
        sb.append(" (").append(Backends.CPU).append(": the highest-ranked backend not on a GPU)\n");
        return sb.toString();
    }

    /** The active backend's name, ranking and facts (as before), plus {@code backends} (all of them) and {@code absent}. */
    public static Map<String, Object> json(BackendSource backends) {
        List<BackendCatalog.Backend> all = registered(backends);
        BackendCatalog.Backend active = all.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", active.name());
        out.put("service_ranking", active.ranking());
        out.put("registered_backends", all.size());
        out.put("describe", active.service().describe());
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BackendCatalog.Backend b = all.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("service_ranking", b.ranking());
            m.put("device", b.device());
            m.put("default", i == 0);
            m.put("describe", i == 0 ? out.get("describe") : b.service().describe());
            list.add(m);
        }
        out.put("backends", list);
        List<Map<String, Object>> absent = new ArrayList<>();
        for (BackendCatalog.Absent a : backends.absent()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("reason", a.reason());
            absent.add(m);
        }
        out.put("absent", absent);
        return out;
    }

    private static List<BackendCatalog.Backend> registered(BackendSource backends) {
        List<BackendCatalog.Backend> all = backends.registered();
        if (all.isEmpty()) throw new IllegalStateException(NONE);
        return all;
    }
}
