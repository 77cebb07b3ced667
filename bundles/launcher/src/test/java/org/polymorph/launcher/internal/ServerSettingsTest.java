package org.polymorph.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

class ServerSettingsTest {
    @TempDir
    Path home;

    private ServerSettings load(String conf, String... args) throws IOException, BadServerInput {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/server.properties"), conf);
        return ServerSettings.load(home, args);
    }

    @Test
    void defaultsWithoutAFile() throws Exception {
        ServerSettings s = ServerSettings.load(home, new String[0]);
        assertEquals("127.0.0.1", s.host());
        assertEquals(8181, s.port());
        assertEquals(1, s.maxConcurrentRuns());
        assertEquals(home.resolve("runs").toAbsolutePath().normalize(), s.runs());
        assertEquals(home.resolve("conf/server.token").toAbsolutePath().normalize(), s.tokenFile());
        assertTrue(s.loopback());
        assertEquals("http://127.0.0.1:8181", s.url());
        Map<String, String> p = s.frameworkProperties();
        assertEquals("true", p.get("polymorph.server.enabled"));
        assertEquals("8181", p.get("org.osgi.service.http.port"));
        assertEquals("1", p.get("polymorph.run.parallel"));
    }

    @Test
    void optionsReplaceTheFile() throws Exception {
        ServerSettings s = load("port=9000\nhost=127.0.0.2\nmax_concurrent_runs=3\ncors_origins=https://a.org, https://b.org\n",
                "--port", "9100", "--host=0.0.0.0");
        assertEquals(9100, s.port());
        assertEquals("0.0.0.0", s.host());
        assertFalse(s.loopback());
        assertEquals("http://127.0.0.1:9100", s.url(), "a wildcard address is reached on loopback");
        assertEquals(3, s.maxConcurrentRuns());
        assertEquals(List.of("https://a.org", "https://b.org"), s.corsOrigins());
    }

    @Test
    void badValuesNameTheSettingAndTheFix() {
        BadServerInput port = assertThrows(BadServerInput.class, () -> load("", "--port", "70000"));
        assertTrue(port.getMessage().contains("--port = '70000'") && port.getMessage().contains("1 to 65535"), port.getMessage());
        BadServerInput key = assertThrows(BadServerInput.class, () -> load("max_runs=3\n"));
        assertTrue(key.getMessage().contains("unknown setting 'max_runs'"), key.getMessage());
        BadServerInput bool = assertThrows(BadServerInput.class, () -> load("reads_open=yes\n"));
        assertTrue(bool.getMessage().contains("reads_open = 'yes'"), bool.getMessage());
        BadServerInput option = assertThrows(BadServerInput.class, () -> load("", "--threads", "4"));
        assertTrue(option.getMessage().contains("unknown option '--threads'"), option.getMessage());
        BadServerInput stray = assertThrows(BadServerInput.class, () -> load("", "8181"));
        assertTrue(stray.getMessage().contains("unexpected argument '8181'"), stray.getMessage());
    }
}
