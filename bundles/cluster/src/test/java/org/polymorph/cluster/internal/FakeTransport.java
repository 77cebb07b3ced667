package org.polymorph.cluster.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;

/**
 * Members in one JVM for the scheduler's tests: each runs items through a real {@link WorkRunner} (its own kinds and
 * secret) on a thread of its own; an item can be held back ({@link #hold}) and a member removed ({@link #remove}), which
 * fails its held items as Hazelcast does when a member leaves.
 */
final class FakeTransport implements Transport {
    /** What Hazelcast's MemberLeftException stands for here. */
    static final class Gone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Gone(String member) { super("member " + member + " left"); }
    }

    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final Map<String, WorkRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxBusy = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-member");
        t.setDaemon(true);
        return t;
    });

    /** Adds a member advertising {@code advertised} whose runner has {@code kinds} and signs with {@code secret}. */
    FakeTransport member(String id, int cores, List<String> advertised, Map<String, WorkKind> kinds, String secret) {
        peers.add(new Peer(id, "127.0.0.1:" + (5701 + peers.size()), cores, java.util.Set.copyOf(advertised)));
        runners.put(id, new WorkRunner(new Signer(secret), name -> Optional.ofNullable(kinds.get(name))));
        busy.put(id, new AtomicInteger());
        maxBusy.put(id, new AtomicInteger());
        received.put(id, new AtomicInteger());
        return this;
    }

    /** Holds item {@code item} on {@code member} until the returned latch is counted down. */
    CountDownLatch hold(String member, String item) {
        CountDownLatch release = new CountDownLatch(1);
        held.put(member + "/" + item, release);
        arrived.put(member + "/" + item, new CountDownLatch(1));
        return release;
    }

    /** Waits until {@code member} got {@code item}. */
    boolean arrived(String member, String item) throws InterruptedException {
        return arrived.get(member + "/" + item).await(10, TimeUnit.SECONDS);
    }

    /** Takes {@code member} out of the cluster. */
    void remove(String member) {
        synchronized (peers) {
            peers.removeIf(p -> p.id().equals(member));
        }
    }

    @Override
    public List<Peer> peers() { return List.copyOf(peers); }

    @Override
    public String self() { return peers.isEmpty() ? "none" : peers.get(0).id(); }

    @Override
    public void send(Peer peer, ItemTask task, Consumer<String> reply, Consumer<Throwable> failure) {
        String member = peer.id();
        received.get(member).incrementAndGet();
        threads.execute(() -> {
            int now = busy.get(member).incrementAndGet();
            maxBusy.get(member).accumulateAndGet(now, Math::max);
            String answer;
            try {
                String itemId = WorkItem.fromJson(itemText(task)).id();
                CountDownLatch gate = held.get(member + "/" + itemId);
                if (gate != null) {
                    arrived.get(member + "/" + itemId).countDown();
                    gate.await();
                }
                answer = task.callOn(runners.get(member));
            } catch (InterruptedException e) {
                busy.get(member).decrementAndGet();
                failure.accept(e);
                return;
            }
            // the slot is free before the coordinator hears the answer (and may send the next item), as on a real member
            busy.get(member).decrementAndGet();
            synchronized (peers) {                       // as Hazelcast: a member that left answers no more (unless asked to)
                if (peers.stream().noneMatch(p -> p.id().equals(member)) && !lateAnswers) failure.accept(new Gone(member));
                else reply.accept(answer);
            }
        });
    }

    /** Whether a removed member's held items still answer when released (a late answer) rather than fail. */
    volatile boolean lateAnswers;

    @Override
    public boolean lost(Throwable failure) { return failure instanceof Gone; }

    private static String itemText(ItemTask task) { return task.item(); }
}
