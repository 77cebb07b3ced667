package org.polymorph.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

class ServerSettingsTest {
    private static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put(ServerProperties.RUNS, "/srv/polymorph/runs");
        p.put(ServerProperties.TOKEN_FILE, "/srv/polymorph/conf/server.token");
        return p;
    }

    @Test
    void defaultsOfTheSpec() {
        ServerSettings s = ServerSettings.read(base()::get);
        assertEquals(Path.of("/srv/polymorph/runs"), s.runsFolder());
        assertEquals(1, s.maxConcurrent());
        assertEquals(1000, s.maxQueued());
        assertFalse(s.readsOpen());
        assertEquals(Set.of(), s.corsOrigins());
        assertEquals(1_048_576, s.maxBodyBytes());
    }

    @Test
    void valuesAreRead() {
        Map<String, String> p = base();
        p.put(ServerProperties.MAX_CONCURRENT_RUNS, "4");
        p.put(ServerProperties.MAX_QUEUED_RUNS, "0");
        p.put(ServerProperties.READS_OPEN, "TRUE");
        p.put(ServerProperties.CORS_ORIGINS, "https://lab.example.org, http://localhost:3000,");
        p.put(ServerProperties.MAX_BODY_BYTES, "2048");
        ServerSettings s = ServerSettings.read(p::get);
        assertEquals(4, s.maxConcurrent());
        assertEquals(0, s.maxQueued());
        assertTrue(s.readsOpen());
        assertEquals(Set.of("https://lab.example.org", "http://localhost:3000"), s.corsOrigins());
        assertEquals(2048, s.maxBodyBytes());
    }

    @Test
    void badValuesNameThePropertyValueAndKey() {
        Object[][] cases = {
            {ServerProperties.MAX_CONCURRENT_RUNS, "two", "max_concurrent_runs"},
            {ServerProperties.MAX_CONCURRENT_RUNS, "0", "max_concurrent_runs"},
            {ServerProperties.MAX_QUEUED_RUNS, "-1", "max_queued_runs"},
            {ServerProperties.MAX_BODY_BYTES, "1MB", "max_body_bytes"},
            {ServerProperties.READS_OPEN, "sometimes", "reads_open"},
            {ServerProperties.CORS_ORIGINS, "lab.example.org", "cors_origins"},
            {ServerProperties.CORS_ORIGINS, "https://lab.example.org/app", "cors_origins"},
            {ServerProperties.RUNS, "runs", "runs_dir"},
            {ServerProperties.TOKEN_FILE, "", "token_file"},
        };
        for (Object[] c : cases) {
            Map<String, String> p = base();
            p.put((String) c[0], (String) c[1]);
            BadInputException e = assertThrows(BadInputException.class, () -> ServerSettings.read(p::get), c[0] + "=" + c[1]);
            assertEquals(c[0], e.parameter().orElseThrow());
            assertEquals(c[1], e.value().orElseThrow());
            assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
        }
    }
}
