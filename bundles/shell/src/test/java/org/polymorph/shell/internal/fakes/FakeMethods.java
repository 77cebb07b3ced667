package org.polymorph.shell.internal.fakes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.shell.internal.registry.BackendSource;
import org.polymorph.shell.internal.registry.MethodCatalog;
import org.polymorph.shell.internal.run.RunEnvironment;

/** Small fake methods and a map-backed catalog: no framework needed. */
public final class FakeMethods {
    private FakeMethods() { }

    /** "test.sum": sums 1..n scaled by factor; writes a side file; reports progress. */
    public static Method sum() {
        return new Simple("test.sum", "Sum of k*factor for k=1..n (dimensionless)",
                List.of(ParamSpec.integer("n", 10, "", 1, 1000, "number of terms"),
                        ParamSpec.real("factor", 1.0, "eV", -10, 10, "scale of each term"),
                        ParamSpec.intList("sizes", List.of(1, 2), "", 1, 64, "list of sizes")),
                (p, progress, dir) -> {
                    double s = 0;
                    for (int k = 1; k <= p.getInt("n"); k++) {
                        s += k * p.getDouble("factor");
                        progress.update(k, p.getInt("n"), "term " + k);
                    }
                    dir.writeString("note.txt", "sum\n");
                    return Result.builder().put("sum", s).put("sizes", p.getIntList("sizes")).summary("sum = " + s).build();
                });
    }

    /** "test.need": one required parameter, returns it without summary lines. */
    public static Method required() {
        return new Simple("test.need", "Echoes a required text\nsecond line is not shown in tables",
                List.of(ParamSpec.text("label", null, "a label")),
                (p, progress, dir) -> Result.builder().put("label", p.getString("label")).put("length", p.getString("label").length()).build());
    }

    /** "test.fail": always throws ArithmeticException (a numerical failure). */
    public static Method failing() {
        return new Simple("test.fail", "Always diverges", List.of(),
                (p, progress, dir) -> { throw new ArithmeticException("diverged at step 7: f = Infinity; lower lr"); });
    }

    /** "test.badfile": throws BadInputException while running (an unreadable input found late). */
    public static Method lateBadInput() {
        return new Simple("test.badfile", "Rejects its input while running", List.of(),
                (p, progress, dir) -> { throw new BadInputException("file 'x.xyz' has 3 columns; give 4 (symbol x y z)"); });
    }

    /** "test.nan": returns a NaN, which result.json refuses. */
    public static Method nan() {
        return new Simple("test.nan", "Returns NaN", List.of(),
                (p, progress, dir) -> Result.builder().put("energy", Double.NaN).build());
    }

    public static MethodCatalog catalog(Method... methods) {
        SortedMap<String, Method> map = new TreeMap<>();
        for (Method m : methods) map.put(m.id(), m);
        return () -> new TreeMap<>(map);
    }

    public static RunEnvironment env(Path cwd, String backend) {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        return new RunEnvironment(cwd, "9.9.9.test", () -> Optional.ofNullable(backend), clock);
    }

    /** No TensorService registered. */
    public static BackendSource noBackend() {
        return new BackendSource() {
            @Override public Optional<TensorService> service() { return Optional.empty(); }
            @Override public Map<String, Object> properties() { return Map.of(); }
            @Override public int count() { return 0; }
        };
    }

    /** Body of a fake method. */
    @FunctionalInterface
    public interface Body {
        Result run(Params p, Progress progress, RunDirectory dir) throws Exception;
    }

    private record Simple(String id, String description, List<ParamSpec> params, Body body) implements Method {
        @Override
        public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
            return body.run(p, progress, dir);
        }
    }
}
