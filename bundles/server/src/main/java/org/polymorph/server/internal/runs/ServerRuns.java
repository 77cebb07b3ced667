package org.polymorph.server.internal.runs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.polymorph.core.run.RunService;

/** The run store (API only; the implementation is on the runs branch). */
public final class ServerRuns implements AutoCloseable {
    private static final String MISSING = "the run store is not implemented on this branch";

    public ServerRuns(RunService engine, Path runsFolder, int maxConcurrent, int maxQueued, Clock clock) { }

    public void open() throws IOException { }

    public RunRecord submit(String methodId, Map<String, String> params) { throw new UnsupportedOperationException(MISSING); }

    public List<RunRecord> list(Optional<RunStatus> state) { return List.of(); }

    public Optional<RunRecord> get(String id) { return Optional.empty(); }

    public Optional<String> resultJson(String id) { return Optional.empty(); }

    public RunRecord cancel(String id) { throw new UnknownRunException("no run '" + id + "'"); }

    public RunRecord resume(String id) { throw new UnknownRunException("no run '" + id + "'"); }

    public AutoCloseable subscribe(String id, Consumer<ServerEvent> sink) { throw new UnknownRunException("no run '" + id + "'"); }

    public AutoCloseable subscribeAll(Consumer<ServerEvent> sink) { return () -> { }; }

    public void methodsChanged(List<String> added, List<String> removed) { }

    public void shutdown(Duration wait) { }

    @Override
    public void close() { shutdown(Duration.ofSeconds(20)); }
}
