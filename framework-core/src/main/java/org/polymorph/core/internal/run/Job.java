package org.polymorph.core.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.Progress;
import org.polymorph.core.run.RunEvent;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunListener;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunState;

/**
 * The handle of one run and the {@link Progress} its Method reports to: keeps the state and the latest
 * event, passes events to listeners in order, and carries the cancel request to the run's thread.
 * What the run does is {@link RunTask}'s.
 */
final class Job implements RunHandle, Progress {
    private static final Logger LOG = LogManager.getLogger(Job.class);

    private final String id;
    private final String methodId;
    private final Path runDirectory;
    private final Clock clock;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    private volatile RunEvent latest;
    private volatile boolean cancelRequested;
    private Thread thread;   // guarded by this: the run's thread while RUNNING

    Job(String id, String methodId, Path runDirectory, Clock clock) {
        this.id = id;
        this.methodId = methodId;
        this.runDirectory = runDirectory;
        this.clock = clock;
        this.latest = new RunEvent(id, RunState.QUEUED, 0, 0, "queued", clock.instant());
    }

    @Override public String id() { return id; }

    @Override public String methodId() { return methodId; }

    @Override public Path runDirectory() { return runDirectory; }

    @Override public RunState state() { return latest.state(); }

    @Override public RunEvent latest() { return latest; }

    @Override public void addListener(RunListener listener) { listeners.add(listener); }

    @Override public void removeListener(RunListener listener) { listeners.remove(listener); }

    @Override
    public synchronized void cancel() {
        if (state().done()) return;
        cancelRequested = true;
        if (thread != null) thread.interrupt();
    }

    /** Whether cancel() was called (a queued run then never starts). */
    boolean cancelRequested() { return cancelRequested; }

    /** Marks the run RUNNING on the current thread; false when it was cancelled while queued. */
    synchronized boolean start() {
        if (cancelRequested) return false;
        thread = Thread.currentThread();
        publish(RunState.RUNNING, 0, 0, "");
        return true;
    }

    /** Ends the run; clears the interrupt the cancel may have left on the pool's thread. */
    void finish(RunOutcome result, RunFailedException failure) {
        synchronized (this) {
            thread = null;
            Thread.interrupted();
        }
        RunEvent last = latest;
        if (failure == null) {
            publish(RunState.OK, last.done(), last.total(), "finished");
            outcome.complete(result);
        } else {
            publish(failure.state(), last.done(), last.total(), failure.getMessage());
            outcome.completeExceptionally(failure);
        }
    }

    // Progress of the Method

    @Override
    public void update(long done, long total, String message) {
        publish(RunState.RUNNING, done, total, message == null ? "" : message);
    }

    @Override
    public boolean cancelled() {
        return cancelRequested || Thread.currentThread().isInterrupted();
    }

    private synchronized void publish(RunState state, long done, long total, String message) {
        RunEvent e = new RunEvent(id, state, done, total, message, clock.instant());
        latest = e;
        for (RunListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("a listener of run {} failed on an event", id, ex);
            }
        }
    }

    // outcome

    @Override
    public RunOutcome await() throws InterruptedException, RunFailedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw (RunFailedException) e.getCause();
        }
    }

    @Override
    public Optional<RunOutcome> await(Duration timeout) throws InterruptedException, RunFailedException {
        try {
            return Optional.of(outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            throw (RunFailedException) e.getCause();
        } catch (TimeoutException e) {
            return Optional.empty();
        }
    }

    @Override
    public CompletionStage<RunOutcome> completion() { return outcome.minimalCompletionStage(); }
}
