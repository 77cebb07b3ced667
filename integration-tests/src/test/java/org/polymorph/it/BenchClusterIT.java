package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ProcessRun;

/**
 * {@code polymorph run bench.cluster} in a clustered home: it starts its second member as a child process
 * ({@code bin/polymorph member}), its JSON has the figures at 1 and 2 members with results equal to the local threads',
 * both members ran items, and no member process is left when the run has ended; without clustering it is not there.
 */
class BenchClusterIT {
    private static final String SECRET = "a4c6e8f0b1d3a5c7e9f2b4d6a8c0e1f3b5d7a9c2e4f6b8d0a1c3e5f7b9d2a4c6";

    @Test
    @SuppressWarnings("unchecked")
    void theBenchStartsAndStopsItsMembersAndTheirResultsAgree() throws Exception {
        Path home = DistributionHome.copy(DistributionHome.scratch("bench-cluster"));
        ProcessRun off = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(120), "run", "bench.cluster");
        assertEquals(2, off.exit(), "clustering off: the cluster bundle and its bench are not loaded\n" + off.describe());

        Path secret = home.resolve("conf/cluster.secret");
        Files.writeString(secret, SECRET + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(home.resolve("conf/cluster.properties"), "cluster.name=bench-it\ncluster.port=5901\n"); // clustering on by --cluster
        ProcessRun r = ProcessRun.polymorph(home, home, null, Duration.ofSeconds(300), "run", "bench.cluster", "items=8", "members=1,2",
                "overhead_items=32", "item_steps=20000000", "--json", "--cluster", "--out", home.resolve("bench").toString());
        assertEquals(0, r.exit(), r.describe());
        Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) Json.parse(r.out())).get("result");
        for (String key : List.of("items", "item_steps", "item_seconds", "overhead_items", "processors", "cores_per_member", "local_threads",
                "member_start_seconds", "results", "results_equal", "goal", "goal_met")) {
            assertTrue(result.containsKey(key), key + " in " + result.keySet());
        }
        assertEquals(Boolean.TRUE, result.get("results_equal"), r.describe());
        assertEquals(1, ((List<?>) result.get("member_start_seconds")).size(), "one member started");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) result.get("results");
        assertEquals(2, rows.size());
        assertEquals(1L, ((Number) rows.get(0).get("members_used")).longValue());
        assertEquals(2L, ((Number) rows.get(1).get("members_used")).longValue(), "the child member ran items\n" + rows);
        for (Map<String, Object> row : rows) {
            double overhead = ((Number) row.get("overhead_ms_per_item")).doubleValue();
            assertTrue(Double.isFinite(overhead) && overhead > -50 && overhead < 200, "overhead " + overhead + " ms per item");
            assertTrue(((Number) row.get("items_per_second")).doubleValue() > 0);
        }
        assertTrue(Files.isRegularFile(home.resolve("bench/bench.csv")));
        assertTrue(Files.isRegularFile(home.resolve("bench/members/member-1.log")), "the member's log is kept in the run directory");
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("polymorph-bench-cluster-")).map(p -> p.info().commandLine().orElse(""))
                .toList();
        assertEquals(List.of(), left, "member processes left behind");
    }
}
