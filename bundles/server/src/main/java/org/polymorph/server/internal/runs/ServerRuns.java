package org.polymorph.server.internal.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.RunEvent;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunListener;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;

/**
 * The server's runs: a FIFO queue in front of the run engine, at most {@code maxConcurrent} runs given to it at
 * once, each in its own folder {@code <runs folder>/<id>}; the {@link RunIndex} keeps every run across restarts;
 * subscribers get the runs' events and log lines.
 *
 * <p>Threads: the public methods may be called from any thread. The engine's listeners only hand events over;
 * one event thread of this store applies them, saves the index on every state change (not on progress), starts
 * queued runs, delivers events to the sinks (in order, so a sink must not block) and polls the followed
 * run.log files every {@value #LOG_POLL_MS} ms. A run's progress reports are coalesced: a sink gets the latest.
 */
public final class ServerRuns implements AutoCloseable {
    /** How often followed run.log files are read, ms. */
    static final long LOG_POLL_MS = 250;
    private static final String RESULT_FILE = "result.json";
    private static final Logger LOG = LogManager.getLogger(ServerRuns.class);

    private final RunService engine;
    private final Path runsFolder;
    private final int maxConcurrent;
    private final int maxQueued;
    private final Clock clock;
    private final RunIndex index;
    private final Subscribers subscribers = new Subscribers();
    private final EventThread events = new EventThread();
    private final Object saving = new Object();

    // guarded by this
    private final Map<String, Entry> entries = new LinkedHashMap<>();   // submission order
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();        // QUEUED, not yet given to the engine
    private int running;                                               // given to the engine, not yet ended
    private boolean open;
    private boolean stopping;

    /**
     * @param engine the run engine (with at least {@code maxConcurrent} run threads)
     * @param runsFolder folder of the runs and of index.json (created by {@link #open})
     * @param maxConcurrent runs given to the engine at once, ≥ 1
     * @param maxQueued queued runs beyond which {@link #submit} answers {@link QueueFullException}, ≥ 0
     * @param clock for run ids and times
     */
    public ServerRuns(RunService engine, Path runsFolder, int maxConcurrent, int maxQueued, Clock clock) {
        if (maxConcurrent < 1) throw new IllegalArgumentException("max_concurrent_runs = " + maxConcurrent + ": give 1 or more");
        if (maxQueued < 0) throw new IllegalArgumentException("max_queued_runs = " + maxQueued + ": give 0 or more");
        this.engine = engine;
        this.runsFolder = runsFolder.toAbsolutePath().normalize();
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.clock = clock;
        this.index = new RunIndex(this.runsFolder, clock);
    }

    /** Reads the index: RUNNING runs (the server stopped without marking them) become INTERRUPTED, QUEUED ones are queued again in order. */
    public void open() throws IOException {
        synchronized (this) {
            if (stopping) throw new IllegalStateException("the server is stopping");
            if (open) throw new IllegalStateException("the run store is open already");
        }
        Files.createDirectories(runsFolder);
        List<RunRecord> loaded = index.load();
        synchronized (this) {
            for (RunRecord r : loaded) {
                Entry e = new Entry(r.state() == RunStatus.RUNNING ? r.ended(RunStatus.INTERRUPTED,
                        interrupted(r, "the server stopped while it ran"), null) : r);
                entries.put(r.id(), e);
                if (r.state() == RunStatus.QUEUED) queue.add(e);
            }
            open = true;
        }
        save();
        events.every(Duration.ofMillis(LOG_POLL_MS), subscribers::pollLogs);
        events.execute(this::startQueued);
    }

    /**
     * Queues a run of {@code methodId} with raw {@code params} (key=value strings, as on the command line).
     *
     * @return the run, QUEUED
     * @throws UnknownMethodException for a Method the runtime does not have
     * @throws BadInputException for bad parameters or unreadable input files; nothing was queued
     * @throws QueueFullException when max_queued_runs runs wait already
     * @throws IllegalStateException when the server is stopping
     */
    public RunRecord submit(String methodId, Map<String, String> params) {
        checkAccepting();
        MethodEntry method = SubmitCheck.check(engine.methods(), methodId, params, false);
        RunRecord r;
        synchronized (this) {
            checkAccepting();
            checkRoom();
            String id = RunRecord.newId(clock, method.id(), x -> entries.containsKey(x) || Files.exists(runsFolder.resolve(x)));
            r = RunRecord.queued(id, method.id(), params, runsFolder.resolve(id), SubmitCheck.resumable(method.method()),
                    clock.instant());
            Entry e = new Entry(r);
            entries.put(id, e);
            queue.add(e);
        }
        changed(r);
        events.execute(this::startQueued);
        return r;
    }

    /** The runs in {@code state} (all when empty), newest first. */
    public synchronized List<RunRecord> list(Optional<RunStatus> state) {
        List<RunRecord> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (state.isEmpty() || state.get() == e.record.state()) out.add(e.record);
        }
        Collections.reverse(out);
        return out;
    }

    public synchronized Optional<RunRecord> get(String id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.record);
    }

    /** The text of the run's result.json, when the run is done and the file exists. */
    public Optional<String> resultJson(String id) {
        Optional<RunRecord> r = get(id);
        if (r.isEmpty() || !r.get().state().done()) return Optional.empty();
        try {
            return Optional.of(Files.readString(r.get().runDirectory().resolve(RESULT_FILE)));
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    /**
     * Cancels a run: a queued one ends CANCELLED at once; a running one is asked to stop (it ends CANCELLED
     * when its Method returns, having written its checkpoint if it has one); a finished one is left as it is.
     *
     * @return the run as it is now
     * @throws UnknownRunException for an unknown id
     */
    public RunRecord cancel(String id) {
        RunRecord r;
        RunHandle handle = null;
        boolean ended = false;
        synchronized (this) {
            Entry e = require(id);
            if (!e.record.state().done()) {
                if (e.handed) {
                    e.stopRequested = true;
                    handle = e.handle;   // null while being given to the engine: cancelled once it is
                } else {
                    queue.remove(e);
                    e.record = e.record.ended(RunStatus.CANCELLED, "cancelled before it started", clock.instant());
                    ended = true;
                }
            }
            r = e.record;
        }
        if (ended) changed(r);
        if (handle != null) handle.cancel();
        return r;
    }

    /**
     * Queues an interrupted or cancelled run of a checkpointing Method again, to continue in its own run
     * directory ({@code resume=true}); {@code attempts} grows by one.
     *
     * @throws UnknownRunException for an unknown id
     * @throws BadInputException when the run is not interrupted or cancelled, or its Method cannot resume
     * @throws QueueFullException when max_queued_runs runs wait already
     */
    public RunRecord resume(String id) {
        checkAccepting();
        RunRecord before;
        synchronized (this) {
            before = require(id).record.checkResumable();
        }
        SubmitCheck.check(engine.methods(), before.methodId(), before.params(), true);
        RunRecord r;
        synchronized (this) {
            checkAccepting();
            Entry e = require(id);
            e.record.checkResumable();   // again: another resume may have come in between
            checkRoom();
            e.record = e.record.requeued();
            queue.add(e);
            r = e.record;
        }
        changed(r);
        events.execute(this::startQueued);
        return r;
    }

    /**
     * One run's events from now on: state changes, progress, its run.log lines; the final state is the last
     * event of an attempt. {@code sink} is called on the store's event thread and must not block.
     *
     * @return closing it ends the subscription
     * @throws UnknownRunException for an unknown id
     */
    public AutoCloseable subscribe(String id, Consumer<ServerEvent> sink) {
        RunRecord r;
        synchronized (this) {
            r = require(id).record;
        }
        return subscribers.addRun(id, r.runDirectory(), sink);
    }

    /** Every run's state changes, and Methods events; {@code sink} must not block. */
    public AutoCloseable subscribeAll(Consumer<ServerEvent> sink) {
        return subscribers.addAll(sink);
    }

    /** Tells the subscribers of all runs that Methods came ({@code added}) or went ({@code removed}). */
    public void methodsChanged(List<String> added, List<String> removed) {
        ServerEvent.Methods event = new ServerEvent.Methods(added, removed);
        events.execute(() -> subscribers.deliverAll(event));
    }

    /**
     * Stops the store: new submissions are refused; runs given to the engine are marked INTERRUPTED in the index,
     * cancelled (a checkpointing Method writes its checkpoint) and waited for up to {@code wait}; queued runs stay
     * queued for the next start.
     */
    public void shutdown(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<RunRecord> marked = new ArrayList<>();
        List<RunHandle> handles = new ArrayList<>();
        synchronized (this) {
            if (stopping) return;
            stopping = true;
            for (Entry e : entries.values()) {
                if (!e.handed) continue;
                e.stopRequested = true;
                e.interruptedByShutdown = true;
                e.record = e.record.ended(RunStatus.INTERRUPTED, interrupted(e.record, "the server stopped"), clock.instant());
                marked.add(e.record);
                if (e.handle != null) handles.add(e.handle);
            }
        }
        for (RunRecord r : marked) changed(r);
        for (RunHandle h : handles) h.cancel();
        awaitRunsEnded(deadline);
        events.stop(Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));   // delivers what was handed over
        save();
    }

    /** {@link #shutdown(Duration)} waiting up to 20 s. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(20));
    }

    // the event thread

    /** Gives queued runs to the engine while there is a free slot, in FIFO order. */
    private void startQueued() {
        for (;;) {
            Entry e;
            RunRecord r;
            synchronized (this) {
                if (stopping || running >= maxConcurrent || queue.isEmpty()) return;
                e = queue.poll();
                running++;
                e.handed = true;
                e.stopRequested = false;
                e.interruptedByShutdown = false;
                r = e.record;
            }
            try {
                RunRequest request = new RunRequest(r.methodId(), r.params(), r.runDirectory(), r.attempts() > 1 && holdsRun(r));
                RunHandle handle = engine.submit(request, new Listener(r.id(), r.attempts()));
                boolean stop;
                synchronized (this) {
                    e.handle = handle;
                    stop = e.stopRequested;
                }
                if (stop) handle.cancel();
            } catch (RuntimeException refused) {
                RunStatus end = refused instanceof BadInputException ? RunStatus.BAD_INPUT : RunStatus.FAILED;
                LOG.info("run {} of {} could not start: {}", r.id(), r.methodId(), ErrorText.of(refused));
                RunRecord ended;
                synchronized (this) {
                    running--;
                    e.handed = false;
                    e.record = e.record.ended(end, ErrorText.of(refused), clock.instant());
                    ended = e.record;
                    notifyAll();
                }
                changedHere(ended);
            }
        }
    }

    /** A state change (running, or the end) of attempt {@code attempt} of run {@code id}, from the engine. */
    private void stateChanged(String id, int attempt, RunEvent event) {
        RunRecord r;
        boolean publish = true;
        synchronized (this) {
            Entry e = entries.get(id);
            if (e == null || e.record.attempts() != attempt) return;
            if (event.state() == RunState.RUNNING) {
                if (e.record.state() != RunStatus.QUEUED) return;   // marked interrupted by a shutdown meanwhile
                e.record = e.record.running(clock.instant());
            } else {
                running--;
                e.handed = false;
                e.handle = null;
                notifyAll();
                RunStatus end = e.interruptedByShutdown && event.state() == RunState.CANCELLED
                        ? RunStatus.INTERRUPTED : RunStatus.of(event.state());
                publish = end != e.record.state();
                String message = publish ? event.message() : e.record.message();
                e.record = e.record.progress(event.done(), event.total(), message).ended(end, message, clock.instant());
            }
            r = e.record;
        }
        if (publish) {
            changedHere(r);
        } else {
            save();
        }
        if (r.state().done()) startQueued();
    }

    /** A progress report of attempt {@code attempt} of run {@code id}, from the engine. */
    private void progressed(String id, int attempt, RunEvent event) {
        synchronized (this) {
            Entry e = entries.get(id);
            if (e == null || e.record.attempts() != attempt || e.record.state() != RunStatus.RUNNING) return;
            e.record = e.record.progress(event.done(), event.total(), event.message());
        }
        subscribers.deliver(id, new ServerEvent.Progress(id, RunStatus.RUNNING, event.done(), event.total(), event.message()));
    }

    /** Saves the index and delivers the state change; on the event thread. A final state comes after the run's last log lines. */
    private void changedHere(RunRecord r) {
        save();
        if (r.state().done()) subscribers.pollLogs(r.id());
        subscribers.deliver(r.id(), new ServerEvent.State(r));
    }

    // helpers

    /** Saves the index and has the event thread deliver the state change; on any thread but the event thread. */
    private void changed(RunRecord r) {
        save();
        events.execute(() -> {
            if (r.state().done()) subscribers.pollLogs(r.id());
            subscribers.deliver(r.id(), new ServerEvent.State(r));
        });
    }

    private void save() {
        synchronized (saving) {
            List<RunRecord> snapshot;
            synchronized (this) {
                if (!open) return;   // never replace an index this store has not read
                snapshot = entries.values().stream().map(e -> e.record).toList();
            }
            try {
                index.save(snapshot);
            } catch (IOException e) {
                LOG.error("the run index {} cannot be written ({}); the runs are kept in memory only", index.file(), ErrorText.of(e));
            }
        }
    }

    private void awaitRunsEnded(long deadline) {
        synchronized (this) {
            try {
                for (long left; running > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running > 0) LOG.warn("{} runs did not end within the shutdown wait; they stay interrupted", running);
        }
    }

    private synchronized void checkAccepting() {
        if (stopping) throw new IllegalStateException("the server is stopping");
        if (!open) throw new IllegalStateException("the run store is not open");
    }

    /** Room in the queue for one more: the runs waiting, less the free slots, must stay under max_queued_runs. */
    private void checkRoom() {
        if (queue.size() >= maxQueued + Math.max(0, maxConcurrent - running)) throw new QueueFullException(maxQueued);
    }

    private Entry require(String id) {
        Entry e = entries.get(id);
        if (e == null) throw new UnknownRunException(id);
        return e;
    }

    /** Whether the run directory holds an earlier attempt (a resume continues it; else the run starts afresh). */
    private static boolean holdsRun(RunRecord r) {
        try (var files = Files.list(r.runDirectory())) {
            return files.findAny().isPresent();
        } catch (IOException absent) {
            return false;
        }
    }

    private static String interrupted(RunRecord r, String why) {
        return "interrupted: " + why + (r.resumable() ? "; resume continues it from its checkpoint" : "");
    }

    /** A run and what the store needs to drive it; guarded by the store. */
    private static final class Entry {
        RunRecord record;
        boolean handed;                  // given to the engine, not yet ended
        RunHandle handle;                // the engine's handle once submit returned, while handed
        boolean stopRequested;           // cancel (or shutdown) asked while handed
        boolean interruptedByShutdown;   // a CANCELLED end stays INTERRUPTED

        Entry(RunRecord record) { this.record = record; }
    }

    /** Hands the engine's events of one attempt to the event thread; progress coalesced to the latest. */
    private final class Listener implements RunListener {
        private final String id;
        private final int attempt;
        private final AtomicReference<RunEvent> pendingProgress = new AtomicReference<>();
        private boolean started;   // the engine calls a run's listeners one event at a time

        Listener(String id, int attempt) {
            this.id = id;
            this.attempt = attempt;
        }

        @Override
        public void onEvent(RunEvent event) {
            if (event.state() == RunState.RUNNING && started) {
                if (pendingProgress.getAndSet(event) == null) {
                    events.execute(() -> {
                        RunEvent latest = pendingProgress.getAndSet(null);
                        if (latest != null) progressed(id, attempt, latest);
                    });
                }
                return;
            }
            if (event.state() == RunState.RUNNING) started = true;
            events.execute(() -> stateChanged(id, attempt, event));
        }
    }
}
