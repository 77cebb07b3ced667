package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.MemberProcess;
import org.polymorph.it.support.ProcessRun;

/**
 * Cluster execution with separate processes on loopback: {@code polymorph member} processes form a cluster, a
 * {@code polymorph run} that joins them spreads {@code example.spread}'s work items over them and gets the same bits as
 * a run with clustering off, also when a member is killed (kill -9) in the middle and another joins; a member without
 * the example bundle runs none of its items; a member with another secret, an unreachable member list, a port in use
 * and a malformed list end with exit 2 and a message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String SECRET = "5f2a9c0e41b87d36a1c4e9f0b2d85c7e3a6f1b9d0c4e8a2f7b5d3c1e9a0f6b4d";
    /** The job: 32 items of 200000 points in 4 dimensions; each member waits pause_ms after an item's count. */
    private static final String[] JOB = {"run", "example.spread", "items=32", "samples=200000", "dim=4", "seed=7"};

    private Path scratch;
    private final List<MemberProcess> members = new ArrayList<>();

    @BeforeAll
    void scratch() throws IOException {
        scratch = DistributionHome.scratch("cluster");
    }

    @AfterAll
    void stopMembers() throws InterruptedException {
        for (MemberProcess m : members) m.close();
    }

    /** A copy of the distribution named {@code name}, with the shared secret and, if asked, the example bundle in deploy/. */
    private Path home(String name, boolean example, String secret) throws IOException {
        Path home = DistributionHome.copy(Files.createDirectories(scratch.resolve(name)));
        Path file = home.resolve("conf/cluster.secret");
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        if (example) Files.copy(DistributionHome.exampleJar(), home.resolve("deploy/custom-method-example.jar"));
        return home;
    }

    private MemberProcess member(Path home, String... args) throws IOException {
        MemberProcess m = MemberProcess.start(home, args);
        members.add(m);
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String[] job(String... more) {
        List<String> args = new ArrayList<>(List.of(JOB));
        args.addAll(List.of(more));
        args.add("--json");
        return args.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(ProcessRun r) {
        assertEquals(0, r.exit(), r.describe());
        return (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out())).get("result");
    }

    @Test
    void theClusterCommandShowsThisMemberItsKindsAndCores() throws Exception {
        Path home = home("view", true, SECRET);
        Map<String, String> cluster = Map.of("polymorph.cluster.enabled", "true", "polymorph.cluster.name", "view",
                "polymorph.cluster.host", "127.0.0.1", "polymorph.cluster.port", Integer.toString(freePort()),
                "polymorph.cluster.port.auto", "false", "polymorph.cluster.members", "", "polymorph.cluster.cores", "3",
                "polymorph.cluster.secret.file", home.resolve("conf/cluster.secret").toString());
        try (InProcessRuntime runtime = InProcessRuntime.start(home, home, cluster)) {
            String text = "";
            for (int i = 0; i < 100 && !text.contains("example.work"); i++) {
                Thread.sleep(100);                     // the example bundle comes from deploy/; its kind is advertised within 0.5 s
                text = runtime.gogo("cluster").out();
            }
            assertTrue(text.startsWith("cluster view: 1 member"), text);
            assertTrue(text.contains("127.0.0.1:") && text.contains("example.work") && text.contains("no items in flight"), text);
            assertTrue(text.matches("(?s).*\\*\\s+\\S{8}\\s+127\\.0\\.0\\.1:\\d+\\s+3\\s+0\\s+0\\s+[a-z].*"), text); // id, address whole, cores, running, done, kinds
        }
    }

    @Test
    void badConfigurationEndsWithExitTwoAndAMessage() throws Exception {
        Path home = home("bad", false, SECRET);
        int nobody = freePort();
        ProcessRun unreachable = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(90), "member", "--port",
                Integer.toString(freePort()), "--join", "127.0.0.1:" + nobody);
        assertEquals(2, unreachable.exit(), unreachable.describe());
        assertTrue(unreachable.err().contains("could not join the cluster at 127.0.0.1:" + nobody), unreachable.describe());
        assertTrue(unreachable.seconds() < 75, "took " + unreachable.seconds() + " s");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProcessRun inUse = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(60), "member", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(2, inUse.exit(), inUse.describe());
            assertTrue(inUse.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), inUse.describe());
        }
        ProcessRun range = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(60), "member", "--join", "127.0.0.1:5701-5703");
        assertEquals(2, range.exit(), range.describe());
        assertTrue(range.err().contains("port ranges are not accepted"), range.describe());
        Files.writeString(home.resolve("conf/cluster.secret"), "short\n");
        ProcessRun secret = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(60), "member", "--port", Integer.toString(freePort()));
        assertEquals(2, secret.exit(), secret.describe());
        assertTrue(secret.err().contains("holds no usable cluster secret"), secret.describe());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobSpreadOverMembersEqualsOneProcessWhenAMemberIsKilledAndAnotherJoins() throws Exception {
        // the reference: the same items on the local threads of one process, clustering off
        Path runner = home("runner", true, SECRET);
        Map<String, Object> local = result(ProcessRun.polymorph(runner, runner, null, Duration.ofSeconds(180), job("distributed=false")));
        List<Double> expected = (List<Double>) local.get("volumes");
        assertEquals(32, expected.size());
        assertEquals(List.of("local"), ((List<String>) local.get("ran_on")).stream().distinct().toList());

        int p1 = freePort();
        String seed = "127.0.0.1:" + p1;
        MemberProcess m1 = member(home("m1", true, SECRET), "--port", Integer.toString(p1)).awaitReady(START);
        MemberProcess m2 = member(home("m2", true, SECRET), "--port", Integer.toString(freePort()), "--join", seed);
        MemberProcess m3 = member(home("m3", false, SECRET), "--port", Integer.toString(freePort()), "--join", seed);
        m2.awaitReady(START);
        m3.awaitReady(START);
        assertTrue(m2.members() >= 2 && m3.members() >= 2, m2.describe() + m3.describe());

        // another secret: another cluster name, so it cannot join
        Path stranger = home("stranger", true, "0000000000000000000000000000000000000000000000000000000000000000");
        ProcessRun wrong = ProcessRun.polymorph(stranger, stranger, null, Duration.ofSeconds(90), "member", "--port",
                Integer.toString(freePort()), "--join", seed);
        assertEquals(2, wrong.exit(), wrong.describe());
        assertTrue(wrong.err().contains("another cluster secret"), wrong.describe());

        // the run joins as a member (cluster.enabled=true) and coordinates the job
        Files.writeString(runner.resolve("conf/cluster.properties"), "cluster.enabled=true\ncluster.members=" + seed + "\ncluster.port="
                + freePort() + "\ncluster.cores=1\n");
        CompletableFuture<ProcessRun> run = CompletableFuture.supplyAsync(() ->
                ProcessRun.polymorph(runner, runner, null, Duration.ofSeconds(240), job("pause_ms=3000", "distributed=true")));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!m2.runningItems() && System.nanoTime() < end && !run.isDone()) Thread.sleep(100);
        assertTrue(m2.runningItems(), "member 2 never got an item\n" + m2.describe());
        String killed = m2.id();
        m2.kill();
        MemberProcess m4 = member(home("m4", true, SECRET), "--port", Integer.toString(freePort()), "--join", seed).awaitReady(START);
        ProcessRun done = run.get(240, TimeUnit.SECONDS);
        Map<String, Object> spread = result(done);
        List<String> ranOn = (List<String>) spread.get("ran_on");
        String where = done.describe() + "\nran on " + ranOn + "\nm2 " + killed + ", m3 " + m3.id() + ", m4 " + m4.id();

        assertEquals(expected, spread.get("volumes"), "bit for bit the single-process values\n" + where);
        assertEquals(local.get("volume"), spread.get("volume"), where);
        assertEquals(32, ranOn.size(), where);
        assertTrue(((Number) spread.get("retries")).intValue() >= 1, "the killed member's items were handed out again\n" + where);
        assertEquals(0, ((Number) spread.get("duplicates")).intValue(), where);
        assertFalse(ranOn.contains(m3.id()), "the member without the example bundle ran items\n" + where);
        assertTrue(ranOn.contains(m1.id()), where);
        assertTrue(ranOn.contains(m4.id()), "the member that joined during the job took items\n" + where);
        assertTrue(((Number) spread.get("members_used")).intValue() >= 3, where);
    }
}
