package org.polymorph.server.internal.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.ParamType;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.server.internal.openapi.ParamSchemas;
import org.polymorph.server.internal.runs.RunRecord;

/** The JSON shapes of the API: run objects, progress, Methods and their parameters. */
final class Views {
    static final String BASE = "/api/v1";

    private Views() { }

    static Map<String, Object> run(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("method", r.methodId());
        m.put("params", new LinkedHashMap<>(r.params()));
        m.put("state", r.state().id());
        m.put("progress", progress(r.done(), r.total(), r.message(), null));
        m.put("submitted", time(r.submitted()));
        m.put("started", time(r.started()));
        m.put("finished", time(r.finished()));
        m.put("resumable", r.resumable());
        m.put("attempts", r.attempts());
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", self(r.id()));
        links.put("events", self(r.id()) + "/events");
        links.put("files", self(r.id()) + "/files");
        m.put("links", links);
        return m;
    }

    /** The cluster view: {clustered, name, members: [{id, address, local, cores, running, done, kinds}], in_flight: [...]}. */
    static Map<String, Object> cluster(ClusterView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clustered", v.clustered());
        m.put("name", v.name());
        m.put("members", v.members().stream().map(x -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", x.id());
            e.put("address", x.address());
            e.put("local", x.local());
            e.put("cores", x.cores());
            e.put("running", x.running());
            e.put("done", x.done());
            e.put("kinds", x.kinds());
            return e;
        }).toList());
        m.put("in_flight", v.inFlight().stream().map(i -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("job", i.job());
            e.put("item", i.item());
            e.put("kind", i.kind());
            e.put("member", i.member());
            e.put("seconds", i.seconds());
            return e;
        }).toList());
        return m;
    }

    static String self(String runId) {
        return BASE + "/runs/" + runId;
    }

    /** {"state" (when given), "done","total","fraction" (done/total in 0..1, null when total is 0),"message"}. */
    static Map<String, Object> progress(long done, long total, String message, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (state != null) m.put("state", state);
        m.put("done", done);
        m.put("total", total);
        m.put("fraction", total > 0 ? Math.min(1.0, Math.max(0.0, (double) done / total)) : null);
        m.put("message", message == null || message.isEmpty() ? null : message);
        return m;
    }

    static Map<String, Object> method(MethodEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("description", e.method().description());
        m.put("bundle", e.bundle());
        m.put("bundle_version", e.bundleVersion());
        return m;
    }

    static Map<String, Object> methodDetail(MethodEntry e) {
        Map<String, Object> m = method(e);
        m.put("params", e.method().params().stream().map(Views::param).toList());
        return m;
    }

    static Map<String, Object> param(ParamSpec s) {
        boolean numeric = switch (s.type()) {
            case INT, DOUBLE, INT_LIST, DOUBLE_LIST, DOUBLE_LISTS -> true;
            default -> false;
        };
        boolean integer = s.type() == ParamType.INT || s.type() == ParamType.INT_LIST;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("type", s.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("default", s.defaultValue());
        m.put("unit", s.unit().isEmpty() ? null : s.unit());
        m.put("min", numeric ? ParamSchemas.bound(s.min(), integer) : null);
        m.put("max", numeric ? ParamSchemas.bound(s.max(), integer) : null);
        m.put("choices", s.choices().isEmpty() ? null : List.copyOf(s.choices()));
        m.put("required", s.required());
        m.put("syntax", s.syntax().isEmpty() ? null : s.syntax());
        m.put("description", s.description());
        return m;
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
