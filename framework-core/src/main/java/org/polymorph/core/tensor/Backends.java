package org.polymorph.core.tensor;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Which registered {@link TensorService} the code running on a thread uses: the run-scoped backend.
 *
 * <p>Every run accepts the reserved parameter {@value #PARAM}{@code =<value>}, handled once by the run engine (a
 * Method never sees it among its parameters): {@value #CPU} names the highest-ranked backend registered without
 * {@value #DEVICE_PROPERTY}{@code =}{@value #GPU}, any other value the backend registered with that
 * {@link TensorService#BACKEND_PROPERTY} ({@code nd4j-cpu}, {@code reference}, {@code cuda}). Without it a run uses
 * the highest-ranked backend at its start, and keeps it to its end. While the Method runs, its thread carries the
 * backend's name here, and the TensorService that a bundle binds through
 * {@code org.polymorph.core.runtime.OsgiModule#bindService} is the one of that name, so no Method needs code of its
 * own to obey the choice.
 *
 * <p>The selection is per thread and is not inherited: a pool thread keeps no earlier run's backend. Work handed to
 * another thread takes the selection along through {@link #propagate(Runnable)} or {@link #propagate(Callable)}
 * (the core's local work-item threads do so); where no backend is selected, the highest-ranked one serves.
 */
public final class Backends {
    /** The reserved run parameter: {@code backend=cpu|cuda|<name>}. */
    public static final String PARAM = "backend";
    /** The value of {@value #PARAM} naming the highest-ranked backend that does not compute on a GPU. */
    public static final String CPU = "cpu";
    /** Service property of a TensorService saying where it computes: {@value #CPU} (the default when absent) or {@value #GPU}. */
    public static final String DEVICE_PROPERTY = "polymorph.backend.device";
    /** The value of {@value #DEVICE_PROPERTY} of a backend that computes on a GPU. */
    public static final String GPU = "gpu";

    /** A thread's selection: the backend's name, and whether the run asked for it with {@value #PARAM}. */
    private record Selection(String name, boolean requested) { }

    private static final ThreadLocal<Selection> SELECTED = new ThreadLocal<>();

    private Backends() { }

    /** The backend selected for the code running on this thread, by name; empty when the highest-ranked one serves. */
    public static Optional<String> selected() {
        return Optional.ofNullable(SELECTED.get()).map(Selection::name);
    }

    /**
     * Whether the run on this thread asked for its backend with {@value #PARAM} (false where the highest-ranked one
     * serves by default): a Method that cannot use a backend's special path refuses an asked-for backend, and takes its
     * general path under a default one.
     */
    public static boolean requested() {
        Selection s = SELECTED.get();
        return s != null && s.requested();
    }

    /**
     * Calls {@code body} with {@code backend} selected on this thread (null: none, the highest-ranked one serves),
     * then restores the selection that was there before.
     */
    public static <T> T call(String backend, Callable<T> body) throws Exception {
        return call(backend, false, body);
    }

    /** {@link #call(String, Callable)}, saying whether the run asked for {@code backend} ({@link #requested()}). */
    public static <T> T call(String backend, boolean requested, Callable<T> body) throws Exception {
        return within(backend == null ? null : new Selection(backend, requested), body);
    }

    private static <T> T within(Selection selection, Callable<T> body) throws Exception {
        Selection before = SELECTED.get();
        set(selection);
        try {
            return body.call();
        } finally {
            set(before);
        }
    }

    /** {@link #call} for a body that returns nothing and throws no checked exception. */
    public static void run(String backend, Runnable body) {
        run(backend == null ? null : new Selection(backend, false), body);
    }

    private static void run(Selection selection, Runnable body) {
        Selection before = SELECTED.get();
        set(selection);
        try {
            body.run();
        } finally {
            set(before);
        }
    }

    /** {@code body} to run on another thread with the selection of the calling thread (as it is now). */
    public static Runnable propagate(Runnable body) {
        Selection selection = SELECTED.get();
        return () -> run(selection, body);
    }

    /** {@code body} to call on another thread with the selection of the calling thread (as it is now). */
    public static <T> Callable<T> propagate(Callable<T> body) {
        Selection selection = SELECTED.get();
        return () -> within(selection, body);
    }

    private static void set(Selection selection) {
        if (selection == null) SELECTED.remove(); else SELECTED.set(selection);
    }
}
