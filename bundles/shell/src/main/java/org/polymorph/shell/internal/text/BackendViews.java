package org.polymorph.shell.internal.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.shell.internal.registry.BackendSource;

/** The {@code backend} view: the active TensorService, its ranking and its describe() facts. */
public final class BackendViews {
    static final String NONE = "no TensorService is registered; is the gpu bundle (org.polymorph.gpu) active? see: lb";

    private BackendViews() { }

    /** Human text; {@code IllegalStateException} when no backend is registered. */
    public static String text(BackendSource backends) {
        TensorService s = active(backends);
        return ResultViews.backend(s.name(), backends.properties(), s.describe(), backends.count());
    }

    public static Map<String, Object> json(BackendSource backends) {
        TensorService s = active(backends);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("service_ranking", backends.properties().getOrDefault("service.ranking", 0));
        out.put("registered_backends", backends.count());
        out.put("describe", s.describe());
        return out;
    }

    private static TensorService active(BackendSource backends) {
        Optional<TensorService> s = backends.service();
        return s.orElseThrow(() -> new IllegalStateException(NONE));
    }
}
