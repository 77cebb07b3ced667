package org.polymorph.server.internal.runs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The run store's one thread (a daemon): runs the tasks handed to it in order, and a periodic task. A task that
 * throws is logged and does not stop the thread; tasks handed over after {@link #stop} are dropped.
 */
final class EventThread {
    private static final Logger LOG = LogManager.getLogger(EventThread.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "polymorph-server-runs");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} after the tasks handed over before it; nothing once stopped. */
    void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException stopped) {
            // stopped: nobody listens any more
        }
    }

    /** Runs {@code task} every {@code period}, until stopped. */
    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(guarded(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the tasks handed over so far (the periodic one no more), waiting up to {@code wait} for them. */
    void stop(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) LOG.warn("the run store's event thread did not end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("the run store's event thread failed on a task", e);
            }
        };
    }
}
