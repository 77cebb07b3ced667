package org.polymorph.server.internal.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The sinks of the server's event streams: those of one run (its events and its log lines) and those of all
 * runs (state changes and Methods events). Subscribing and closing may happen on any thread; delivering and
 * polling the logs happen on the run store's one event thread, so each sink sees its events in order. A sink
 * that throws is dropped (its client went away).
 */
final class Subscribers {
    private static final Logger LOG = LogManager.getLogger(Subscribers.class);

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** One run's events from now on, with the lines its run.log gets from now on. */
    AutoCloseable addRun(String runId, Path runDirectory, Consumer<ServerEvent> sink) {
        return add(new Subscription(runId, LogTail.fromEnd(runDirectory), sink));
    }

    /** Every run's state changes, and Methods events. */
    AutoCloseable addAll(Consumer<ServerEvent> sink) {
        return add(new Subscription(null, null, sink));
    }

    /** Gives a run's event to the run's sinks and, for a state change, to the sinks of all runs. */
    void deliver(String runId, ServerEvent event) {
        for (Subscription s : subscriptions) {
            if (runId.equals(s.runId) || (s.runId == null && event instanceof ServerEvent.State)) s.accept(event);
        }
    }

    /** Gives an event to the sinks of all runs only. */
    void deliverAll(ServerEvent event) {
        for (Subscription s : subscriptions) {
            if (s.runId == null) s.accept(event);
        }
    }

    /** Gives the new lines of every followed run.log to their sinks. */
    void pollLogs() {
        for (Subscription s : subscriptions) {
            if (s.tail != null) s.pollLog();
        }
    }

    /** Gives the new lines of one run's run.log to its sinks (before its final state). */
    void pollLogs(String runId) {
        for (Subscription s : subscriptions) {
            if (runId.equals(s.runId)) s.pollLog();
        }
    }

    private AutoCloseable add(Subscription s) {
        subscriptions.add(s);
        return s;
    }

    private final class Subscription implements AutoCloseable {
        final String runId;     // null: all runs
        final LogTail tail;     // null: all runs
        final Consumer<ServerEvent> sink;

        Subscription(String runId, LogTail tail, Consumer<ServerEvent> sink) {
            this.runId = runId;
            this.tail = tail;
            this.sink = sink;
        }

        void pollLog() {
            for (String line : tail.poll()) accept(new ServerEvent.Log(runId, line));
        }

        void accept(ServerEvent event) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.debug("an event sink failed and is dropped", e);
                close();
            }
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
