package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.polymorph.core.runtime.Json;

/**
 * A Server-Sent Events stream read on a thread of its own (text/event-stream: {@code event:} and {@code data:}
 * lines, an empty line ends an event, lines starting with ':' are comments such as the heartbeat), its events
 * queued for the test. The end of the stream is queued as a {@link #CLOSED} event.
 */
final class SseStream implements AutoCloseable {
    /** One event: its name ("message" when it has none) and its data (the data lines joined by newlines). */
    record Event(String name, String data) {
        Map<?, ?> json() { return (Map<?, ?>) Json.parse(data); }
    }

    static final Event CLOSED = new Event("", "");

    private final Stream<String> lines;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();

    SseStream(Stream<String> lines) {
        this.lines = lines;
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String name = null;
        StringBuilder data = null;
        try {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data != null) queue.add(new Event(name == null ? "message" : name, data.toString()));
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    continue;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
            }
        } catch (RuntimeException closedUnderUs) {
            // close() cancelled the body while it was being read
        } finally {
            queue.add(CLOSED);
        }
    }

    /** The next event (or {@link #CLOSED}); fails when none came within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        Event e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, () -> "no event within " + timeout.toSeconds() + " s; seen: " + seen);
        if (e != CLOSED) seen.add(e);
        return e;
    }

    /** Events up to and including the first that {@code wanted} accepts; fails at the stream's end or the timeout. */
    List<Event> until(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertTrue(e != CLOSED, () -> "the stream closed before the event wanted; seen: " + seen);
            out.add(e);
            if (wanted.test(e)) return out;
        }
    }

    /** Every event until the stream closes; fails when it is still open after {@code timeout}. */
    List<Event> untilClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        for (Event e = next(timeout); e != CLOSED; e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) out.add(e);
        return out;
    }

    @Override
    public void close() { lines.close(); }
}
