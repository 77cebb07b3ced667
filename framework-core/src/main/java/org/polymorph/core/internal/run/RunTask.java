package org.polymorph.core.internal.run;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunState;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Backends;

/**
 * One run on a thread of the engine: calls {@code Method.run}, then writes result.json with the
 * result or the error. A run cancelled while queued ends CANCELLED without starting. A resumed run
 * that ends in bad input (its checkpoint refused the parameters, say) leaves the earlier result.json
 * as it was.
 *
 * <p>While {@code Method.run} executes, the run's thread carries the run directory (absolute path) in
 * Log4j's ThreadContext under {@value #LOG_CONTEXT_KEY}: the distribution's log configuration routes the
 * events that carry it to {@code <run directory>/run.log} as well (the server streams that file). It also carries the
 * run's backend ({@link Backends#selected()}), and result.json names that backend.
 */
final class RunTask implements Runnable {
    /** ThreadContext key holding the run directory while the Method runs. */
    static final String LOG_CONTEXT_KEY = "polymorph.run.dir";
    private static final Logger LOG = LogManager.getLogger(RunTask.class);

    private final Job job;
    private final MethodEntry method;
    private final Params params;
    private final RunDirectory dir;
    private final RunDocument doc;
    private final boolean resuming;
    private final BackendChoice backend;
    private final BackendCatalog backends;
    private RunDocument ran;

    RunTask(Job job, MethodEntry method, Params params, RunDirectory dir, RunDocument doc, boolean resuming,
            BackendChoice backend, BackendCatalog backends) {
        this.job = job;
        this.method = method;
        this.params = params;
        this.dir = dir;
        this.doc = doc;
        this.resuming = resuming;
        this.backend = backend;
        this.backends = backends;
        this.ran = doc;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        try {
            if (!job.start()) throw new CancelledException("cancelled before it started");
            Result result = runMethod();
            if (result == null) throw new IllegalStateException("method '" + method.id() + "' returned no result");
            double wall = (System.nanoTime() - t0) * 1e-9;
            String json = ran.ok(result.values(), result.warnings(), wall);
            dir.writeString(RunEngine.RESULT_FILE, json);
            job.finish(new RunOutcome(job.id(), method.id(), result, dir.path(), wall, json), null);
        } catch (Exception | LinkageError | AssertionError | VirtualMachineError e) {
            // an OutOfMemoryError or StackOverflowError ends this run as failed (its memory is free again once
            // the Method's frames are gone); left uncaught it would end the thread and the run would never finish
            Throwable error = job.cancelRequested() && RunState.of(e) == RunState.FAILED ? cancelled(e) : e;
            RunState state = RunState.of(error);
            if (state == RunState.FAILED) LOG.info("run {} of {} failed", job.id(), method.id(), e);
            String json = null;
            if (!(resuming && state == RunState.BAD_INPUT)) {
                try {
                    json = ran.failed(error, (System.nanoTime() - t0) * 1e-9);
                    dir.writeString(RunEngine.RESULT_FILE, json);
                } catch (Exception writeFailure) {
                    json = null;
                    error.addSuppressed(writeFailure);
                }
            }
            job.finish(null, new RunFailedException(job.id(), method.id(), state, dir.path(), json, error));
        }
    }

    /**
     * {@code Method.run} with the run directory in the thread's log context and the run's backend selected on the
     * thread ({@link Backends}): the one asked for, resolved again now, or the highest-ranked one now, kept to the end.
     */
    private Result runMethod() throws Exception {
        String name = backend.resolve(backends);
        ran = doc.ran(name);
        ThreadContext.put(LOG_CONTEXT_KEY, dir.path().toString());
        try {
            return Backends.call(name, backend.requested() != null, () -> method.method().run(params, job, dir));
        } finally {
            ThreadContext.remove(LOG_CONTEXT_KEY);
        }
    }

    /**
     * A Method interrupted by cancel() may end with whatever the interrupt caused in it (a closed
     * channel, an interrupted wait): that is the cancellation, not a failure.
     */
    private static CancelledException cancelled(Throwable cause) {
        CancelledException c = new CancelledException("cancelled (" + ErrorText.of(cause) + ")");
        c.initCause(cause);
        return c;
    }
}
