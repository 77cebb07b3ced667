package org.polymorph.server.internal.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.polymorph.core.runtime.Json;
import org.polymorph.server.internal.runs.RunRecord;
import org.polymorph.server.internal.runs.ServerEvent;

/**
 * Server-Sent Events streams. Each stream is a blocking write loop on its request's thread: the subscription's
 * sink only puts events into the stream's queue (it runs on the run's thread and must not block), and the loop
 * writes them, or a {@code : ping} comment after {@code heartbeat} without events. A write that fails (the
 * client went away) ends the loop and closes the subscription; so does {@link #closeAll()} at shutdown. Progress
 * events are thinned to the latest one per {@link #PROGRESS_INTERVAL}; other events keep their order. At most
 * {@code maxStreams} streams are open at once (a 503 beyond), so that streams cannot take all of the server's
 * request threads from short requests.
 */
final class EventStreams {
    /** Events a slow client may fall behind by before its stream is ended (it reconnects). */
    static final int QUEUE_LIMIT = 10_000;
    /** A stream writes at most one progress event per interval (the latest); Methods may report thousands a second. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);
    private static final Object CLOSE = new Object();

    private final Duration heartbeat;
    private final int maxStreams;
    private final Set<BlockingQueue<Object>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStreams(Duration heartbeat, int maxStreams) {
        this.heartbeat = heartbeat;
        this.maxStreams = maxStreams;
    }

    /** What a stream makes of an event: the SSE events to send (name → data), and whether the stream ends after them. */
    record Out(Map<String, Object> events, boolean last) {
        static final Out NONE = new Out(Map.of(), false);
    }

    /** Opens a subscription whose sink feeds the given queue. */
    @FunctionalInterface
    interface Subscriber {
        AutoCloseable subscribe(java.util.function.Consumer<ServerEvent> sink);
    }

    /**
     * Serves one stream: subscribes, sends {@code first} (events to send at once, e.g. the run's current state;
     * when it is last the stream ends there), then each event as {@code map} renders it, until a last one, a
     * failed write or shutdown.
     */
    void serve(HttpServletResponse resp, Subscriber subscriber, java.util.function.Supplier<Out> first,
               Function<ServerEvent, Out> map) throws IOException {
        if (closed) throw ApiException.of(503, "the server is stopping", "retry after it restarted");
        if (open.size() >= maxStreams) {
            throw ApiException.of(503, maxStreams + " event streams are open", "close some (browser tabs) and retry");
        }
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicBoolean overflow = new java.util.concurrent.atomic.AtomicBoolean();
        AutoCloseable subscription = subscriber.subscribe(e -> {
            if (queue.size() < QUEUE_LIMIT) queue.offer(e); else if (overflow.compareAndSet(false, true)) queue.offer(CLOSE);
        });
        open.add(queue);
        try {
            Out start = first.get();
            resp.setStatus(200);
            resp.setContentType("text/event-stream;charset=utf-8");
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("X-Accel-Buffering", "no");
            OutputStream out = resp.getOutputStream();
            out.flush();                                   // the client sees the 200 and the headers now
            boolean last = write(out, start);
            Out pending = null;                           // the latest progress not yet written (throttled)
            long nextProgress = System.nanoTime();         // from when a progress may be written
            while (!last && !closed) {
                long wait = pending == null ? heartbeat.toMillis()
                        : Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextProgress - System.nanoTime()));
                Object next = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (next == null && pending != null) {
                    write(out, pending);
                    pending = null;
                    nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
                } else if (next == null) {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else if (next == CLOSE) {
                    break;
                } else if (next instanceof ServerEvent.Progress) {
                    pending = map.apply((ServerEvent) next);   // a newer progress replaces one not yet written
                    if (System.nanoTime() - nextProgress >= 0) {
                        write(out, pending);
                        pending = null;
                        nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
                    }
                } else {
                    if (pending != null) write(out, pending);   // in order: the progress before this event
                    pending = null;
                    last = write(out, map.apply((ServerEvent) next));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(queue);
            try {
                subscription.close();
            } catch (Exception ignored) {
                // the subscription is gone with its run store
            }
        }
    }

    /** Writes and flushes; whether the stream ends after these. */
    private static boolean write(OutputStream out, Out o) throws IOException {
        if (o.events().isEmpty()) return o.last();
        StringBuilder b = new StringBuilder();
        o.events().forEach((name, data) -> b.append("event: ").append(name).append('\n')
                .append("data: ").append(Json.write(data, false)).append("\n\n"));
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return o.last();
    }

    /** A run's stream: its current state (then {@code end} when it is done), progress, log lines, states, and {@code end}. */
    static Out runEvent(ServerEvent e) {
        if (e instanceof ServerEvent.Progress p) {
            return new Out(Map.of("progress", Views.progress(p.done(), p.total(), p.message(), p.state().id())), false);
        }
        if (e instanceof ServerEvent.Log l) return new Out(Map.of("log", Map.of("line", l.line())), false);
        if (e instanceof ServerEvent.State s) return state(s.run());
        return Out.NONE;
    }

    /** {@code state}, and {@code end} after it for a finished run. */
    static Out state(RunRecord r) {
        Map<String, Object> run = Views.run(r);
        if (!r.state().done()) return new Out(Map.of("state", run), false);
        Map<String, Object> both = new java.util.LinkedHashMap<>();
        both.put("state", run);
        both.put("end", run);
        return new Out(both, true);
    }

    /** The global stream: {@code run} on a state change of any run, {@code methods} when Methods come or go. */
    static Out globalEvent(ServerEvent e) {
        if (e instanceof ServerEvent.State s) return new Out(Map.of("run", Views.run(s.run())), false);
        if (e instanceof ServerEvent.Methods m) {
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("added", m.added());
            data.put("removed", m.removed());
            return new Out(Map.of("methods", data), false);
        }
        return Out.NONE;
    }

    /** Streams open now. */
    int openCount() { return open.size(); }

    /** Ends every stream (at shutdown) and refuses new ones. */
    void closeAll() {
        closed = true;
        open.forEach(q -> q.offer(CLOSE));
    }
}
