package org.polymorph.core.tensor;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The decision about a backend that a bundle registers only when its hardware answers (the gpu bundle's
 * {@code cuda}): registered as an OSGi service under this class, with {@link TensorService#BACKEND_PROPERTY} = the
 * backend's name, while the bundle is active. The bundle calls {@link #registered()} after it registered the
 * TensorService, or {@link #absent(String)} with the reason it did not (no driver, no device, a failed self-check);
 * the first call decides. A run that asks for the backend meanwhile waits for the decision
 * ({@link #absence(Duration)}), and one that cannot have it is told why.
 */
public final class BackendProbe {
    private final String backend;
    private final CompletableFuture<Optional<String>> decision = new CompletableFuture<>();

    /** @param backend the name its TensorService would be registered under, e.g. {@code cuda} */
    public BackendProbe(String backend) {
        if (backend == null || backend.isBlank()) throw new IllegalArgumentException("a backend probe needs the backend's name");
        this.backend = backend.strip();
    }

    /** The backend this probe decides. */
    public String backend() { return backend; }

    /** The backend's TensorService is registered now. */
    public void registered() { decision.complete(Optional.empty()); }

    /** The backend will not be registered, because of {@code reason} (one line, e.g. "no CUDA driver (libcuda.so.1 missing)"). */
    public void absent(String reason) {
        decision.complete(Optional.of(reason == null || reason.isBlank() ? "no reason given" : reason.strip()));
    }

    /** Whether {@link #registered()} or {@link #absent} was called. */
    public boolean decided() { return decision.isDone(); }

    /**
     * Waits up to {@code wait} for the decision: empty when the backend was registered, otherwise why it was not,
     * or, when the probe has not decided in time, "still probing after N s" (an interrupt ends the wait the same
     * way, keeping the thread's interrupt flag).
     */
    public Optional<String> absence(Duration wait) {
        try {
            return decision.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.of(String.format(Locale.ROOT, "still probing after %.1f s", wait.toNanos() * 1e-9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("still probing (the wait was interrupted)");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause()));   // never: the future is only completed with values
        }
    }

    @Override
    public String toString() {
        return "BackendProbe[" + backend + ", " + (decided() ? absence(Duration.ZERO).map(r -> "absent: " + r).orElse("registered") : "probing") + "]";
    }
}
