package org.polymorph.cluster.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.WorkFailedException;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;

/**
 * One job on its coordinator: offers the items, in order, to the members that advertise each item's kind, at most a
 * member's cores at once, preferring the least loaded; collects the signed answers by item id (the first verified
 * result wins, a later one for the same item is counted as a duplicate and ignored); gives the items of a member that
 * left to others; and marks a member that declines an item's kind as lacking it for the rest of the job. Members that
 * join while the job runs are offered items from then on. All of its state lives on the thread that calls {@link #run};
 * answers and departures reach it through a queue.
 */
public final class ClusterJob {
    private static final Logger LOG = LogManager.getLogger(ClusterJob.class);
    /** How often the waiting loop looks at cancellation and at members that joined, ms. */
    private static final long POLL_MS = 100;

    private final String id;
    private final List<WorkItem> items;
    private final List<String> texts = new ArrayList<>();
    private final Transport transport;
    private final Signer signer;
    private final long starveMillis;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Integer, Offer> inFlight = new HashMap<>();
    private final Map<String, Integer> load = new HashMap<>();
    /** member id -> kinds it declined (or "*" when it answered with a bad signature) */
    private final Map<String, Set<String>> refused = new HashMap<>();
    private final Deque<Integer> pending = new ArrayDeque<>();
    private volatile Map<Integer, Offer> visible = Map.of();
    private int starvingItem = -1;
    private int retries;
    private int declined;
    private int duplicates;

    /** An item handed to a member at {@code since} (System.nanoTime()). */
    private record Offer(String member, long since) { }

    private sealed interface Event permits Replied, Failed, Left { }

    private record Replied(int index, String member, String text) implements Event { }

    private record Failed(int index, String member, Throwable error) implements Event { }

    private record Left(String member) implements Event { }

    /**
     * @param starveMillis how long an item may find no member that has its kind (after members left or declined) before
     *     the job fails
     */
    public ClusterJob(String id, List<WorkItem> items, Transport transport, Signer signer, long starveMillis) {
        this.id = id;
        this.items = List.copyOf(items);
        this.transport = transport;
        this.signer = signer;
        this.starveMillis = starveMillis;
        Set<String> ids = new HashSet<>();
        for (WorkItem item : items) {
            if (!ids.add(item.id())) throw new IllegalArgumentException("work item id " + item.id() + " appears twice in one job");
            texts.add(item.toJson());
        }
    }

    /** The job's id. */
    public String id() { return id; }

    /** A member left the cluster: its items go to others. Any thread. */
    public void memberLeft(String member) { events.add(new Left(member)); }

    /** The items in flight now, for the cluster view. Any thread. */
    public List<ClusterView.Item> inFlight() {
        long now = System.nanoTime();
        List<ClusterView.Item> out = new ArrayList<>();
        visible.forEach((k, o) -> out.add(new ClusterView.Item(id, items.get(k).id(), items.get(k).kind(), o.member, (now - o.since) * 1e-9)));
        return out;
    }

    /**
     * Runs the job and waits for every item.
     *
     * @throws BadInputException when no member has an item's kind, or a kind refused an item's parameters
     * @throws WorkFailedException when an item failed where it ran
     * @throws CancelledException when {@code progress} is cancelled (items in flight are abandoned; their answers are dropped)
     */
    public WorkResults run(Progress progress) {
        checkKinds();
        int n = items.size();
        List<Map<String, Object>> values = new ArrayList<>(Collections.nCopies(n, null));
        List<String> ranOn = new ArrayList<>(Collections.nCopies(n, null));
        for (int i = 0; i < n; i++) pending.add(i);
        int finished = 0;
        long starvedSince = -1;
        try {
            while (finished < n) {
                progress.checkCancelled("work item " + finished + " of " + n + " (job " + id + ")");
                boolean starving = dispatch();
                if (starving && inFlight.isEmpty()) {
                    if (starvedSince < 0) starvedSince = System.nanoTime();
                    if ((System.nanoTime() - starvedSince) / 1_000_000 > starveMillis) throw starved();
                } else {
                    starvedSince = -1;
                }
                Event e = events.poll(POLL_MS, TimeUnit.MILLISECONDS);
                while (e != null) {
                    if (handle(e, values, ranOn)) {
                        finished++;
                        int k = ((Replied) e).index;
                        progress.update(finished, n, "item " + items.get(k).id() + " done on " + ranOn.get(k));
                    }
                    e = events.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting for the work items of job " + id);
        } finally {
            inFlight.clear();
            visible = Map.of();
        }
        return new WorkResults(values, ranOn, retries, declined, duplicates);
    }

    /** Fails at once when some item's kind is advertised by no member. */
    private void checkKinds() {
        Set<String> known = new HashSet<>();
        transport.peers().forEach(p -> known.addAll(p.kinds()));
        for (WorkItem item : items) {
            if (!known.contains(item.kind())) {
                throw new BadInputException("work item " + item.id() + ": no cluster member provides the work kind '" + item.kind()
                        + "' (kinds in the cluster: " + String.join(", ", new TreeSet<>(known)) + "); deploy the bundle that"
                        + " provides it on at least one member");
            }
        }
    }

    /**
     * Offers pending items to members with a free core, in item order.
     *
     * @return whether some pending item has no member that could take it
     */
    private boolean dispatch() {
        if (pending.isEmpty()) return false;
        List<Transport.Peer> peers = transport.peers();
        boolean starving = false;
        Map<String, Integer> free = new LinkedHashMap<>();
        for (Transport.Peer p : peers) free.put(p.id(), p.cores() - load.getOrDefault(p.id(), 0));
        for (var it = pending.iterator(); it.hasNext(); ) {
            int k = it.next();
            String kind = items.get(k).kind();
            Transport.Peer best = null;
            boolean capable = false;
            for (Transport.Peer p : peers) {
                Set<String> no = refused.getOrDefault(p.id(), Set.of());
                if (!p.kinds().contains(kind) || no.contains(kind) || no.contains("*")) continue;
                capable = true;
                int f = free.get(p.id());
                if (f > 0 && (best == null || (double) f / p.cores() > (double) free.get(best.id()) / best.cores())) best = p;
            }
            if (!capable && !starving) {
                starving = true;
                starvingItem = k;
            }
            if (best == null) continue;
            it.remove();
            free.merge(best.id(), -1, Integer::sum);
            offer(k, best);
        }
        return starving;
    }

    private void offer(int k, Transport.Peer peer) {
        inFlight.put(k, new Offer(peer.id(), System.nanoTime()));
        load.merge(peer.id(), 1, Integer::sum);
        visible = Map.copyOf(inFlight);
        String text = texts.get(k);
        ItemTask task = new ItemTask(id, text, signer.sign(id, text), transport.self());
        String member = peer.id();
        try {
            transport.send(peer, task, reply -> events.add(new Replied(k, member, reply)), error -> events.add(new Failed(k, member, error)));
        } catch (RuntimeException e) {
            events.add(new Failed(k, member, e));
        }
    }

    /** Takes the item off {@code member} if it is in flight there; returns whether it was. */
    private boolean release(int k, String member) {
        Offer o = inFlight.get(k);
        if (o == null || !o.member.equals(member)) return false;
        inFlight.remove(k);
        load.merge(member, -1, Integer::sum);
        visible = Map.copyOf(inFlight);
        return true;
    }

    /** Hands item {@code k} out again, before the items not yet offered. */
    private void retry(int k) {
        retries++;
        pending.addFirst(k);
    }

    /** Applies one event; returns whether it finished an item. */
    private boolean handle(Event e, List<Map<String, Object>> values, List<String> ranOn) {
        if (e instanceof Left left) {
            for (int k : new ArrayList<>(inFlight.keySet())) {
                if (inFlight.get(k).member.equals(left.member) && release(k, left.member)) {
                    LOG.info("job {}: member {} left; item {} goes to another member", id, left.member, items.get(k).id());
                    retry(k);
                }
            }
            return false;
        }
        if (e instanceof Failed f) {
            boolean wasHere = release(f.index, f.member);
            if (values.get(f.index) != null || !wasHere) return false;
            if (transport.lost(f.error)) {
                LOG.info("job {}: item {} lost with member {} ({}); it goes to another member", id, items.get(f.index).id(), f.member,
                        f.error.getClass().getSimpleName());
                retry(f.index);
                return false;
            }
            throw new WorkFailedException(items.get(f.index).id(), f.member, String.valueOf(f.error.getMessage()), f.error);
        }
        Replied r = (Replied) e;
        boolean wasHere = release(r.index, r.member);
        WorkItem item = items.get(r.index);
        Answer answer;
        try {
            answer = Answer.verified(r.text, signer, id);
            if (!item.id().equals(answer.item())) throw new SecurityException("the answer names item " + answer.item());
        } catch (RuntimeException bad) {
            LOG.warn("job {}: dropped the answer of member {} to item {}: {}; that member gets no more items of this job", id, r.member,
                    item.id(), bad.getMessage());
            refused.computeIfAbsent(r.member, m -> new HashSet<>()).add("*");
            if (values.get(r.index) == null && !pending.contains(r.index) && !inFlight.containsKey(r.index)) retry(r.index);
            return false;
        }
        if (values.get(r.index) != null) {
            duplicates++;
            return false;
        }
        switch (answer.status()) {
            case OK -> {
                values.set(r.index, answer.result());
                ranOn.set(r.index, r.member);
                pending.remove(r.index);               // offered again after a departure, answered by the first member after all
                return true;
            }
            case DECLINED, REJECTED -> {
                declined++;
                refused.computeIfAbsent(r.member, m -> new HashSet<>()).add(answer.status() == Answer.Status.DECLINED ? item.kind() : "*");
                LOG.info("job {}: member {} declined item {}: {}", id, r.member, item.id(), answer.message());
                if (wasHere) pending.addFirst(r.index);
                return false;
            }
            case BAD_INPUT -> throw new BadInputException("work item " + item.id() + ": " + answer.message());
            default -> throw new WorkFailedException(item.id(), r.member, answer.message(), null);
        }
    }

    private BadInputException starved() {
        WorkItem item = items.get(starvingItem);
        return new BadInputException("work item " + item.id() + ": no member of the cluster can run the work kind '" + item.kind()
                + "' any more (the members that had it left, or declined it: " + refused.keySet() + "); deploy the bundle that provides it"
                + " on a member, or run with distributed=false");
    }
}
