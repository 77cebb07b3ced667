package org.polymorph.materials.internal.method;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

/** Runs a Method as the runtime does: raw key=value pairs validated against its specs. */
final class MethodTestSupport {
    private MethodTestSupport() { }

    static Params params(Method m, String... kv) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String s : kv) {
            int eq = s.indexOf('=');
            raw.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return Params.parse(m.id(), m.params(), raw);
    }

    static Result run(Method m, Path dir, String... kv) throws Exception {
        return m.run(params(m, kv), Progress.NONE, RunDirectory.create(dir));
    }
}
