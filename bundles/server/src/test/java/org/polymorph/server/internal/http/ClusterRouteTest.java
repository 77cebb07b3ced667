package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;

/** GET /api/v1/cluster: the Distributed service's view as JSON, behind the token like the other reads. */
class ClusterRouteTest {
    @TempDir Path home;

    @Test
    @SuppressWarnings("unchecked")
    void theViewAsJsonWithTheToken() throws Exception {
        try (TestServer server = new TestServer(home, false, Set.of(), 1024, 10, Duration.ofSeconds(15), FakeMethods.sum())) {
            assertEquals(401, server.send(server.request("/api/v1/cluster")).statusCode());
            var r = server.get("/api/v1/cluster");
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> m = (Map<String, Object>) Json.parse(r.body());
            assertEquals(false, m.get("clustered"));
            assertEquals("local", m.get("name"));
            List<Map<String, Object>> members = (List<Map<String, Object>>) m.get("members");
            assertEquals(1, members.size());
            assertEquals(2L, ((Number) members.get(0).get("cores")).longValue());
            assertEquals(5L, ((Number) members.get(0).get("done")).longValue());
            assertEquals(List.of("test.kind"), members.get(0).get("kinds"));
            List<Map<String, Object>> items = (List<Map<String, Object>>) m.get("in_flight");
            assertEquals("item-0", items.get(0).get("item"));
            assertEquals(0.5, ((Number) items.get(0).get("seconds")).doubleValue(), 0.0);
            String openapi = server.get("/api/v1/openapi.json").body();
            assertTrue(openapi.contains("\"/cluster\"") && openapi.contains("\"Cluster\""), "listed in the OpenAPI document");
        }
    }
}
