package org.polymorph.core.run.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.polymorph.core.internal.run.RunEngine;
import org.polymorph.core.internal.run.RunEnvironment;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.RunService;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.testing.NamedTensorService;

/** Small fake methods, a map-backed catalog and a run service over them: no framework needed. */
public final class FakeMethods {
    /** The bundle every fake Method comes from. */
    public static final String BUNDLE = "org.polymorph.test.fakes";
    public static final String BUNDLE_VERSION = "1.2.3";
    public static final String GIT_COMMIT = "0123456789abcdef0123456789abcdef01234567";

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

    /** "test.oom": runs out of memory, as a Method allocating from a structure file's absurd atom count did. */
    public static Method outOfMemory() {
        return new Simple("test.oom", "Runs out of memory", List.of(),
                (p, progress, dir) -> { throw new OutOfMemoryError("Java heap space"); });
    }

    /** "test.warn": finishes with one value and two warnings. */
    public static Method warning() {
        return new Simple("test.warn", "Finishes with warnings", List.of(),
                (p, progress, dir) -> Result.builder().put("energy", -1.5).warn("supercell too small: use supercell=4,4,4")
                        .warn("lattice constant a = 1 Å looks absurd").summary("energy = -1.5 eV").build());
    }

    /** "test.nan": returns a NaN, which a Result refuses. */
    public static Method nan() {
        return new Simple("test.nan", "Returns NaN", List.of(),
                (p, progress, dir) -> Result.builder().put("energy", Double.NaN).build());
    }

    /**
     * "test.steps": {@code steps} steps of {@code dt}, one every {@code step_ms} milliseconds, checking for
     * cancellation between steps; resumable from the step count it leaves in {@code checkpoint.txt}; reads
     * an optional {@code input} file.
     */
    public static Method steps() {
        return new Simple("test.steps", "Counts steps slowly",
                List.of(ParamSpec.integer("steps", 10, "", 0, 1_000_000, "number of steps"),
                        ParamSpec.real("dt", 0.5, "fs", 0.001, 10, "step length"),
                        ParamSpec.integer("step_ms", 0, "ms", 0, 10_000, "wall time per step"),
                        ParamSpec.path("input", "", "an input file"),
                        ParamSpec.bool("resume", false, "continue from checkpoint.txt")),
                (p, progress, dir) -> {
                    long start = p.getBoolean("resume") && java.nio.file.Files.exists(dir.resolve("checkpoint.txt"))
                            ? Long.parseLong(java.nio.file.Files.readString(dir.resolve("checkpoint.txt")).strip()) : 0;
                    long k = start;
                    try {
                        for (; k < p.getInt("steps"); k++) {
                            progress.checkCancelled("step " + k + " of " + p.getInt("steps"));
                            if (p.getInt("step_ms") > 0) Thread.sleep(p.getInt("step_ms"));
                            progress.update(k + 1, p.getInt("steps"), "step " + (k + 1));
                        }
                    } finally {
                        dir.writeString("checkpoint.txt", k + "\n");
                    }
                    return Result.builder().put("steps", k).put("resumed_from", start).put("time_fs", k * p.getDouble("dt")).build();
                });
    }

    /** "test.points": echoes a list of 3-number items ({@code points=0,0,0/0.5,0.5,0.5}) and how many it got. */
    public static Method points() {
        return new Simple("test.points", "Echoes points given as a list of number lists",
                List.of(ParamSpec.realLists("points", List.of(List.of(0.0, 0.0, 0.0)), "", -10, 10, 3, "points a,b,c separated by '/'")),
                (p, progress, dir) -> Result.builder().put("count", p.getDoubleLists("points").size())
                        .put("points", p.getDoubleLists("points")).summary(p.getDoubleLists("points").size() + " points").build());
    }

    /**
     * "test.count": {@code steps} steps of an order-sensitive hash, {@code acc = (31 acc + k) mod 1000000007} for
     * k = 1..steps, one every {@code step_ms} milliseconds. Resumable through a {@link Checkpoint} (checkpoint.bin)
     * written every 10 steps and when cancelled, so a resumed run ends with the same {@code acc} as an
     * uninterrupted one; a step lost or repeated would change it.
     */
    public static Method counter() {
        return new Counter();
    }

    public static MethodCatalog catalog(Method... methods) {
        SortedMap<String, MethodEntry> map = new TreeMap<>();
        for (Method m : methods) map.put(m.id(), new MethodEntry(m.id(), m, BUNDLE, BUNDLE_VERSION));
        return () -> new TreeMap<>(map);
    }

    /** Runs in {@code cwd} at 2026-01-02T03:04:05.678Z (UTC), Polymorph "9.9.9.test", with one backend named {@code backend} (null: none). */
    public static RunEnvironment env(Path cwd, String backend) {
        List<BackendCatalog.Backend> backends = backend == null ? List.of()
                : List.of(new BackendCatalog.Backend(backend, 0, Backends.CPU, NamedTensorService.of(backend)));
        return envWith(cwd, BackendCatalog.of(backends, List.of()));
    }

    /** Runs in {@code cwd} at 2026-01-02T03:04:05.678Z (UTC), Polymorph "9.9.9.test", over {@code backends}. */
    public static RunEnvironment envWith(Path cwd, BackendCatalog backends) {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        return new RunEnvironment(cwd, "9.9.9.test", GIT_COMMIT, backends, clock);
    }

    /** A run service over {@code methods}, with two run threads. */
    public static RunService service(Path cwd, String backend, Method... methods) {
        return new RunEngine(catalog(methods), env(cwd, backend), Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "test-run");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Body of a fake method. */
    @FunctionalInterface
    public interface Body {
        Result run(Params p, Progress progress, RunDirectory dir) throws Exception;
    }

    private static final class Counter implements Method {
        private static final String FILE = "checkpoint.bin";

        @Override public String id() { return "test.count"; }

        @Override public String description() { return "Hashes the step numbers slowly; resumable"; }

        @Override
        public List<ParamSpec> params() {
            return List.of(ParamSpec.integer("steps", 20, "", 0, 1_000_000, "number of steps"),
                    ParamSpec.integer("step_ms", 0, "ms", 0, 10_000, "wall time per step"),
                    ParamSpec.bool("resume", false, "continue from checkpoint.bin"));
        }

        @Override
        public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
            long k = 0;
            long acc = 0;
            if (p.getBoolean("resume")) {
                java.io.DataInputStream in = Checkpoint.resume(dir, FILE, this, p).payloadStream();
                k = in.readLong();
                acc = in.readLong();
            }
            long resumedFrom = k;
            int steps = p.getInt("steps");
            while (k < steps) {
                long kk = k;
                long aa = acc;
                Checkpoint.writeIfCancelled(progress, "step " + k + " of " + steps, () -> save(dir, p, kk, aa));
                if (p.getInt("step_ms") > 0) {
                    try {
                        Thread.sleep(p.getInt("step_ms"));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        continue;   // the check above writes the checkpoint and ends the run
                    }
                }
                k++;
                acc = (31 * acc + k) % 1_000_000_007L;
                if (k % 10 == 0) save(dir, p, k, acc);
                progress.update(k, steps, "step " + k);
            }
            return Result.builder().put("steps", k).put("acc", acc).put("resumed_from", resumedFrom).build();
        }

        private void save(RunDirectory dir, Params p, long k, long acc) throws java.io.IOException {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(k).putLong(acc);
            Checkpoint.write(dir, FILE, this, p, 1, b.array());
        }
    }

    private record Simple(String id, String description, List<ParamSpec> params, Body body) implements Method {
        @Override
        public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
            return body.run(p, progress, dir);
        }
    }
}
