package org.polymorph.core.method;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Progress reports from a running method, and the way a method learns that it should stop.
 * Implementations must be cheap and thread-safe. A long method calls {@link #checkCancelled()}
 * at least about once a second (between steps, images, epochs); when the run was cancelled it
 * writes its checkpoint, if it has one, and lets the {@link CancelledException} propagate.
 */
@ConsumerType
public interface Progress {
    /** A progress sink that ignores everything and is cancelled only by a thread interrupt. */
    Progress NONE = (done, total, message) -> { };

    /** {@code done} of {@code total} units (total <= 0 when unknown), with a short message. */
    void update(long done, long total, String message);

    /** A message without a count. */
    default void message(String message) { update(0, 0, message); }

    /**
     * Whether the run was asked to stop: by the run engine (a user's cancel) or by an interrupt of the
     * running thread. Reading it does not clear the thread's interrupt flag.
     */
    default boolean cancelled() { return Thread.currentThread().isInterrupted(); }

    /**
     * Throws {@link CancelledException} naming {@code where} (e.g. "step 1200 of 5000") when
     * {@link #cancelled()}; otherwise returns at once.
     */
    default void checkCancelled(String where) {
        if (cancelled()) throw new CancelledException("cancelled at " + where);
    }
}
