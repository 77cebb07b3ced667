package org.polymorph.it.support;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.polymorph.it.support.InProcessRuntime.Output;

/** Waiting for the runtime in the hot-deploy tests: conditions polled, a run retried once after a registration, the heap settled. */
public final class Polling {
    private Polling() { }

    /**
     * {@code run} right after a service was seen in the registry. The registry lists a new service before its
     * REGISTERED event has reached every tracker (the run engine's and the pair-style catalog's among them), so a
     * run started in that window may answer "unknown": it gets one more try 200 ms later.
     */
    public static Output justRegistered(Supplier<Output> run, String unknown) throws InterruptedException {
        Output o = run.get();
        if (o.exit() != 2 || !o.err().contains(unknown)) return o;
        Thread.sleep(200);
        return run.get();
    }

    /** Polls {@code condition} every 10 ms for at most 10 s; whether it came true. */
    public static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }

    /** Heap in use after collections (bytes), once it stops falling. */
    public static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            Thread.sleep(100);
            long u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (u >= used) return u;
            used = u;
        }
        return used;
    }
}
