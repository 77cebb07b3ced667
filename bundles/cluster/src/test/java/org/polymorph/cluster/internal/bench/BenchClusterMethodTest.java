package org.polymorph.cluster.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.cluster.internal.ClusterNode;
import org.polymorph.cluster.internal.ClusterSettings;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

/**
 * bench.cluster at toy size with its members in this JVM (Hazelcast instances on loopback instead of child processes):
 * its JSON, results equal to the local threads' at 1 and 2 members, both members used, and its refusals.
 */
class BenchClusterMethodTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
        pool.shutdownNow();
    }

    /** Local threads as the core bundle's: the items on a pool of two, results read back from JSON, in item order. */
    private final Distributed threads = new Distributed() {
        @Override
        public WorkResults map(List<WorkItem> items, Placement placement, Progress progress) {
            BenchWork kind = new BenchWork();
            List<Future<Map<String, Object>>> fs = items.stream().map(i -> pool.submit(() -> WorkKind.runCanonical(kind, i, Progress.NONE))).toList();
            List<Map<String, Object>> values = new ArrayList<>();
            try {
                for (Future<Map<String, Object>> f : fs) values.add(f.get());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new WorkResults(values, items.stream().map(i -> "local").toList(), 0, 0);
        }

        @Override
        public ClusterView view() { return new ClusterView(false, "local", List.of(), List.of()); }
    };

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private ClusterNode node(List<String> join) throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, SECRET, StandardCharsets.UTF_8);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(ClusterSettings.NAME, "bench");
        props.put(ClusterSettings.HOST, "127.0.0.1");
        props.put(ClusterSettings.PORT, Integer.toString(freePort()));
        props.put(ClusterSettings.MEMBERS, String.join(",", join));
        props.put(ClusterSettings.CORES, "1");
        props.put(ClusterSettings.SECRET_FILE, secret.toString());
        BenchWork kind = new BenchWork();
        ClusterNode n = new ClusterNode(ClusterSettings.read(props::get), Hazelcast::newHazelcastInstance, () -> Set.of(BenchWork.NAME),
                name -> name.equals(BenchWork.NAME) ? Optional.of(kind) : Optional.empty(), () -> threads,
                BenchClusterMethodTest.class.getClassLoader());
        nodes.add(n);
        return n;
    }

    /** Members in this JVM; counts what it started. */
    private final class InProcess implements MemberStarter {
        int started;

        @Override
        public double start(String join, Duration timeout, Progress progress) throws IOException {
            long t0 = System.nanoTime();
            node(List.of(join));
            started++;
            return (System.nanoTime() - t0) * 1e-9;
        }

        @Override
        public void close() { }
    }

    private static Params params(BenchClusterMethod m, String... kv) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String s : kv) raw.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        return Params.parse(m.id(), m.params(), raw);
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoMembersGiveTheLocalResultsAndTheFiguresAreThere() throws Exception {
        ClusterNode self = node(List.of());
        InProcess extra = new InProcess();
        BenchClusterMethod m = new BenchClusterMethod(() -> self, () -> threads, d -> extra);
        Result r = m.run(params(m, "items=8", "members=2,1", "overhead_items=16", "item_steps=2000000"), Progress.NONE,
                RunDirectory.create(dir.resolve("run")));
        assertEquals(1, extra.started);
        assertEquals(8, ((Number) r.values().get("items")).intValue());
        assertEquals(Boolean.TRUE, r.values().get("results_equal"), r.summary().toString());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.values().get("results");
        assertEquals(List.of(1, 2), rows.stream().map(x -> ((Number) x.get("members")).intValue()).toList());
        assertEquals(1L, ((Number) rows.get(0).get("members_used")).longValue());
        assertEquals(2L, ((Number) rows.get(1).get("members_used")).longValue(), "both members ran timed items");
        assertEquals(1.0, ((Number) rows.get(0).get("efficiency")).doubleValue(), 1e-12);
        for (Map<String, Object> x : rows) {
            assertTrue(((Number) x.get("items_per_second")).doubleValue() > 0, x.toString());
            assertTrue(Double.isFinite(((Number) x.get("overhead_ms_per_item")).doubleValue()), x.toString());
            assertEquals(0, ((Number) x.get("retries")).intValue(), x.toString());
        }
        assertTrue(((Number) r.values().get("item_seconds")).doubleValue() > 0);
        assertTrue(r.values().containsKey("goal_met"));
        assertTrue(Files.readString(dir.resolve("run/bench.csv")).lines().count() == 3);
    }

    @Test
    void theItemIsSeededAndChaotic() {
        BenchWork kind = new BenchWork();
        Map<String, Object> a = WorkKind.runCanonical(kind, new WorkItem("a", BenchWork.NAME, Map.of("steps", 1000L), 1), Progress.NONE);
        Map<String, Object> again = WorkKind.runCanonical(kind, new WorkItem("b", BenchWork.NAME, Map.of("steps", 1000L), 1), Progress.NONE);
        Map<String, Object> other = WorkKind.runCanonical(kind, new WorkItem("c", BenchWork.NAME, Map.of("steps", 1000L), 2), Progress.NONE);
        assertEquals(a, again);
        assertNotEquals(a.get("x"), other.get("x"));
        double x = (Double) a.get("x");
        double mean = (Double) a.get("mean");
        assertTrue(x > 0 && x < 1 && mean > 0.3 && mean < 0.9, a.toString());
        // three steps by hand from the same start
        Map<String, Object> three = WorkKind.runCanonical(kind, new WorkItem("d", BenchWork.NAME, Map.of("steps", 3L), 1), Progress.NONE);
        Map<String, Object> two = WorkKind.runCanonical(kind, new WorkItem("e", BenchWork.NAME, Map.of("steps", 2L), 1), Progress.NONE);
        double x2 = (Double) two.get("x");
        assertEquals(BenchWork.R * x2 * (1 - x2), (Double) three.get("x"), 0.0);
        assertEquals((2 * (Double) two.get("mean") + (Double) three.get("x")) / 3, (Double) three.get("mean"), 1e-15);
        assertThrows(BadInputException.class, () -> kind.run(new WorkItem("f", BenchWork.NAME, Map.of("steps", -1L), 1), Progress.NONE));
    }

    @Test
    void withoutAClusterMemberItSaysWhatToSet() {
        BenchClusterMethod m = new BenchClusterMethod(() -> null, () -> threads, d -> new InProcess());
        BadInputException e = assertThrows(BadInputException.class, () -> m.run(params(m), Progress.NONE, RunDirectory.create(dir.resolve("none"))));
        assertTrue(e.getMessage().contains("cluster.enabled=true"), e.getMessage());
    }
}
