package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.MemberProcess;
import org.polymorph.it.support.ProcessRun;

/**
 * The real work on a cluster of processes: three {@code polymorph member} processes on loopback form a cluster (shared
 * by the tests), and a {@code polymorph run} that joins them (cluster.enabled=true) runs an ff.fit weight sweep and an
 * lopt.meta_train population over them; the same runs in a home with clustering off give the same result tables and
 * files byte for byte, and the clustered runs used more than one member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWorkIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration RUN = Duration.ofSeconds(240);
    private static final String SECRET = "7c1e5a3f9b2d4e6a8c0f1b3d5e7a9c2e4f6b8d0a1c3e5f7b9d2a4c6e8f0b1d3a";

    private Path solo;
    private Path joined;
    private final List<MemberProcess> members = new ArrayList<>();

    @BeforeAll
    void cluster() throws Exception {
        Path scratch = DistributionHome.scratch("cluster-work");
        int p1 = freePort();
        String seed = "127.0.0.1:" + p1;
        members.add(MemberProcess.start(home(scratch, "m1"), "--port", Integer.toString(p1)));
        members.get(0).awaitReady(START);
        for (String name : List.of("m2", "m3")) members.add(MemberProcess.start(home(scratch, name), "--port", Integer.toString(freePort()), "--join", seed));
        for (MemberProcess m : members) m.awaitReady(START);
        assertTrue(members.get(2).members() >= 2, members.get(2).describe());
        solo = home(scratch, "solo");
        joined = home(scratch, "joined");
        Files.writeString(joined.resolve("conf/cluster.properties"), "cluster.enabled=true\ncluster.members=" + seed + "\ncluster.port="
                + freePort() + "\ncluster.cores=1\n");
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (MemberProcess m : members) m.close();
    }

    /** A copy of the distribution with the shared secret. */
    private static Path home(Path scratch, String name) throws IOException {
        Path home = DistributionHome.copy(Files.createDirectories(scratch.resolve(name)));
        Path file = home.resolve("conf/cluster.secret");
        Files.writeString(file, SECRET + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code polymorph run ARGS --json --out HOME/NAME} in {@code home}: the parsed result, exit 0 asserted. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(Path home, String out, String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--json", "--out", home.resolve(out).toString()));
        ProcessRun r = ProcessRun.polymorph(home, home, null, RUN, all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.describe());
        return (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out())).get("result");
    }

    private void assertSameFiles(String out, List<String> names) throws IOException {
        for (String name : names) {
            Path a = solo.resolve(out).resolve(name);
            Path b = joined.resolve(out).resolve(name);
            assertTrue(Files.isRegularFile(a) && Files.isRegularFile(b), name);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), name + " byte for byte");
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertSpread(Map<String, Object> local, Map<String, Object> spread, long items) {
        Map<String, Object> here = (Map<String, Object>) local.get("distributed");
        Map<String, Object> there = (Map<String, Object>) spread.get("distributed");
        assertEquals(items, ((Number) there.get("items")).longValue(), there.toString());
        assertEquals(1L, ((Number) here.get("members_used")).longValue(), "clustering off: this process alone\n" + here);
        assertTrue(((Number) there.get("members_used")).longValue() > 1, "the items ran on more than one member\n" + there);
        assertEquals(0L, ((Number) there.get("retries")).longValue(), there.toString());
    }

    @Test
    void aWeightSweepOnTheClusterEqualsOneProcess() throws IOException {
        String[] fit = {"ff.fit", "style=sw", "potential_file=Si.sw", "free=lambda,A", "bounds=lambda:15:40", "optimizer=lbfgs",
                "targets=C11=165.7,C12=63.9,C44=79.6,E=-4.63,P=0.01", "steps=3", "distributed=true",
                "sweep=elastic:1,cohesive:0/elastic:1,cohesive:3/elastic:0,cohesive:1/elastic:2,cohesive:1"};
        Map<String, Object> local = run(solo, "sweep", fit);
        Map<String, Object> spread = run(joined, "sweep", fit);
        assertEquals(4, ((List<?>) local.get("sweep")).size(), local.toString());
        assertEquals(local.get("sweep"), spread.get("sweep"), "the sweep's rows, every double equal");
        assertSameFiles("sweep", List.of("tradeoff.csv", "fitted_1.sw", "fitted_2.sw", "fitted_3.sw", "fitted_4.sw"));
        assertSpread(local, spread, 4);
    }

    @Test
    void aMetaTrainingPopulationOnTheClusterEqualsOneProcess() throws IOException {
        String[] train = {"lopt.meta_train", "architecture=learnable_adam", "tasks=quadratic", "estimator=pes", "population=4",
                "trunc_length=5", "min_length=10", "max_length=40", "initial_offset=20", "outer_lr=0.05", "outer_steps=3", "seed=5",
                "distributed=true"};
        Map<String, Object> local = run(solo, "meta", train);
        Map<String, Object> spread = run(joined, "meta", train);
        assertEquals(local.get("first_meta_loss"), spread.get("first_meta_loss"));
        assertEquals(local.get("final_meta_loss"), spread.get("final_meta_loss"));
        assertSameFiles("meta", List.of("meta_loss.csv", "learned_optimizer.lopt"));
        assertSpread(local, spread, 12);
    }
}
