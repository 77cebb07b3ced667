package org.polymorph.core.internal.distributed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkFailedException;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.Backends;

/**
 * {@link Distributed} on this runtime's threads: every placement runs here. Results pass through their JSON text
 * ({@link WorkKind#runCanonical}) as they do between cluster members. Each item runs with the backend of the
 * thread that called {@link #map} ({@link Backends#propagate}), so a run's items use the run's TensorService.
 */
public final class LocalDistributed implements Distributed {
    /** The member id local results carry. */
    public static final String LOCAL = "local";
    private static final long POLL_MS = 200;

    private final ServiceCatalog<WorkKind> kinds;
    private final ExecutorService pool;
    private final int threads;
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger jobs = new AtomicInteger();
    private final Map<String, ClusterView.Item> inFlight = new ConcurrentHashMap<>();

    /** @param pool runs the items; {@code threads} of them at once */
    public LocalDistributed(ServiceCatalog<WorkKind> kinds, ExecutorService pool, int threads) {
        this.kinds = kinds;
        this.pool = pool;
        this.threads = threads;
    }

    @Override
    public WorkResults map(List<WorkItem> items, Placement placement, Progress progress) {
        List<WorkKind> resolved = resolve(items, kinds);
        String job = "local-" + jobs.incrementAndGet();
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        List<Future<Integer>> futures = new ArrayList<>();
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            values.add(null);
            int k = i;
            futures.add(done.submit(Backends.propagate(() -> {
                WorkItem item = items.get(k);
                inFlight.put(job + "/" + item.id(), new ClusterView.Item(job, item.id(), item.kind(), LOCAL, System.nanoTime() / 1e9));
                try {
                    values.set(k, WorkKind.runCanonical(resolved.get(k), item, progress));
                } catch (RuntimeException e) {
                    throw new ItemError(k, e);
                } finally {
                    inFlight.remove(job + "/" + item.id());
                }
                return k;
            })));
        }
        try {
            for (int finished = 0; finished < items.size(); ) {
                progress.checkCancelled("work item " + finished + " of " + items.size());
                Future<Integer> f = done.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (f == null) continue;
                int k = get(f, items);
                finished++;
                this.done.incrementAndGet();
                progress.update(finished, items.size(), "item " + items.get(k).id() + " done");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for work items");
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return new WorkResults(values, java.util.Collections.nCopies(items.size(), LOCAL), 0, 0);
    }

    @Override
    public ClusterView view() {
        double now = System.nanoTime() / 1e9;
        List<ClusterView.Item> items = inFlight.values().stream()
                .map(i -> new ClusterView.Item(i.job(), i.item(), i.kind(), i.member(), now - i.seconds())).toList();
        ClusterView.Member me = new ClusterView.Member(LOCAL, "", true, threads, items.size(), done.get(), kinds.names());
        return new ClusterView(false, LOCAL, List.of(me), items);
    }

    /**
     * Each item's kind, after checking that the ids are unique and that every kind is registered here.
     *
     * @throws BadInputException naming the first item whose kind is missing, or a repeated id
     */
    public static List<WorkKind> resolve(List<WorkItem> items, ServiceCatalog<WorkKind> kinds) {
        Set<String> ids = new HashSet<>();
        List<WorkKind> out = new ArrayList<>();
        for (WorkItem item : items) {
            if (!ids.add(item.id())) throw new IllegalArgumentException("work item id " + item.id() + " appears twice in one job");
            out.add(kinds.find(item.kind()).orElseThrow(() -> new BadInputException("work item " + item.id() + ": no bundle here provides the work kind '"
                    + item.kind() + "'; known kinds: " + String.join(", ", kinds.names()) + "; install the bundle that provides it")));
        }
        return out;
    }

    /** The finished item's index; its failure rethrown as bad input (named), a cancellation, or a {@link WorkFailedException}. */
    private static int get(Future<Integer> f, List<WorkItem> items) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            ItemError error = (ItemError) e.getCause();
            Throwable c = error.getCause();
            String id = items.get(error.index).id();
            if (c instanceof CancelledException ce) throw ce;
            if (c instanceof BadInputException b) throw new BadInputException("work item " + id + ": " + b.getMessage(), b);
            throw new WorkFailedException(id, LOCAL, String.valueOf(c.getMessage()), c);
        }
    }

    /** An item's failure with the item's index. */
    private static final class ItemError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        ItemError(int index, RuntimeException cause) {
            super(cause);
            this.index = index;
        }
    }
}
