package org.polymorph.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.Progress;

/** Three Hazelcast members in one JVM on loopback: a job spread over them, and a member that stops in the middle of one. */
class ClusterNodeTest {
    private static final String SECRET = "fedcba9876543210fedcba9876543210";
    private final List<ClusterNode> nodes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        nodes.forEach(n -> {
            try {
                n.instance().getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
    }

    /** A kind that takes {@code ms} per item, so that items are in flight when a member goes. */
    private static WorkKind slow(long ms) {
        SquareKind square = new SquareKind();
        return new WorkKind() {
            @Override
            public String name() { return SquareKind.NAME; }

            @Override
            public Map<String, Object> run(WorkItem item, Progress progress) {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return square.run(item, progress);
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ClusterNode node(int port, List<String> join, Map<String, WorkKind> kinds) throws IOException {
        return node(port, join, kinds, SECRET);
    }

    private ClusterNode node(int port, List<String> join, Map<String, WorkKind> kinds, String secretText) throws IOException {
        Path secret = dir.resolve("secret-" + port);
        Files.writeString(secret, secretText, StandardCharsets.UTF_8);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(ClusterSettings.ENABLED, "true");
        props.put(ClusterSettings.NAME, "test");
        props.put(ClusterSettings.HOST, "127.0.0.1");
        props.put(ClusterSettings.PORT, Integer.toString(port));
        props.put(ClusterSettings.PORT_AUTO, "false");
        props.put(ClusterSettings.MEMBERS, String.join(",", join));
        props.put(ClusterSettings.CORES, "1");
        props.put(ClusterSettings.SECRET_FILE, secret.toString());
        Distributed noLocal = new Distributed() {
            @Override
            public WorkResults map(List<WorkItem> items, Placement placement, Progress progress) { throw new AssertionError("local"); }

            @Override
            public ClusterView view() { throw new AssertionError("local"); }
        };
        ClusterNode n = new ClusterNode(ClusterSettings.read(props::get), Hazelcast::newHazelcastInstance, () -> kinds.keySet(),
                name -> Optional.ofNullable(kinds.get(name)), () -> noLocal, ClusterNodeTest.class.getClassLoader());
        nodes.add(n);
        return n;
    }

    private static List<WorkItem> items(int n) {
        List<WorkItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new WorkItem("i" + i, SquareKind.NAME, Map.of("a", 0.25 * i), 77L + i));
        return out;
    }

    private static void awaitMembers(ClusterNode n, int count) throws InterruptedException {
        for (int i = 0; i < 200 && n.distributed().view().members().size() < count; i++) Thread.sleep(50);
        assertEquals(count, n.distributed().view().members().size(), "members advertised");
    }

    @Test
    void aJobSpreadsOverTheMembersAndSurvivesOneThatStops() throws Exception {
        int p1 = freePort();
        Map<String, WorkKind> kinds = Map.of(SquareKind.NAME, slow(150));
        ClusterNode a = node(p1, List.of(), kinds);
        ClusterNode b = node(freePort(), List.of("127.0.0.1:" + p1), kinds);
        ClusterNode c = node(freePort(), List.of("127.0.0.1:" + p1), Map.of());     // no bundle with the kind
        assertEquals(3, a.size());
        awaitMembers(a, 3);
        ClusterView view = a.distributed().view();
        assertTrue(view.clustered());
        assertEquals(List.of(), view.members().stream().filter(m -> m.id().equals(c.id())).findFirst().orElseThrow().kinds());
        assertTrue(view.members().get(0).local());

        List<WorkItem> items = items(16);
        List<Map<String, Object>> expected = items.stream().map(i -> WorkKind.runCanonical(new SquareKind(), i, Progress.NONE)).toList();
        CompletableFuture<WorkResults> run = CompletableFuture.supplyAsync(() -> a.distributed().map(items, Placement.CLUSTER, Progress.NONE));
        for (int i = 0; i < 100 && a.distributed().view().inFlight().stream().noneMatch(x -> x.member().equals(b.id())); i++) Thread.sleep(20);
        String gone = b.id();
        b.instance().getLifecycleService().terminate();   // no goodbye: as if killed
        WorkResults r = run.get(60, TimeUnit.SECONDS);
        assertEquals(expected, r.values());
        assertFalse(r.ranOn().contains(c.id()), "the member without the kind ran items");
        assertTrue(r.ranOn().contains(a.id()));
        assertEquals(0, r.duplicates());
        assertTrue(r.retries() >= 1, "items of the stopped member " + gone + ": retries " + r.retries() + ", ran on " + r.ranOn());
        assertEquals(Set.copyOf(List.of(a.id(), c.id())), Set.copyOf(a.distributed().view().members().stream().map(ClusterView.Member::id).toList()));
    }

    @Test
    void aTamperedItemIsRejectedAndAMemberWithAnotherSecretOrNobodyToJoinStartsAlone() throws Exception {
        int p1 = freePort();
        ClusterNode a = node(p1, List.of(), Map.of(SquareKind.NAME, new SquareKind()));
        // an item whose signature does not verify goes through Hazelcast's executor and comes back rejected, not run
        String item = new WorkItem("i1", SquareKind.NAME, Map.of("a", 1.0), 2).toJson();
        Signer signer = new Signer(SECRET);
        String tampered = a.instance().getExecutorService(HazelcastTransport.EXECUTOR).submitToMember(
                new ItemTask("job-x", item.replace("1.0", "9.0"), signer.sign("job-x", item), "test"), a.instance().getCluster().getLocalMember())
                .get(20, TimeUnit.SECONDS);
        assertEquals(Answer.Status.REJECTED, Answer.verified(tampered, signer, "job-x").status());
        String good = a.instance().getExecutorService(HazelcastTransport.EXECUTOR).submitToMember(
                new ItemTask("job-x", item, signer.sign("job-x", item), "test"), a.instance().getCluster().getLocalMember())
                .get(20, TimeUnit.SECONDS);
        assertEquals(2.0 * 2.0 + 1.0, (Double) Answer.verified(good, signer, "job-x").result().get("square"), 0.0);
        long t0 = System.nanoTime();
        ClusterNode stranger = node(freePort(), List.of("127.0.0.1:" + p1), Map.of(), "another-secret-another-secret-000");
        double strangerSeconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(1, stranger.size(), "a member with another secret joined");
        assertEquals(1, a.size());
        t0 = System.nanoTime();
        ClusterNode alone = node(freePort(), List.of("127.0.0.1:" + freePort()), Map.of());
        double aloneSeconds = (System.nanoTime() - t0) * 1e-9;
        assertEquals(1, alone.size());
        assertTrue(strangerSeconds < HazelcastSetup.MAX_JOIN_SECONDS + 10 && aloneSeconds < HazelcastSetup.MAX_JOIN_SECONDS + 10,
                "start took " + strangerSeconds + " s and " + aloneSeconds + " s");
        System.out.printf("alone after %.1f s (another secret), %.1f s (nobody listening)%n", strangerSeconds, aloneSeconds);
    }
}
