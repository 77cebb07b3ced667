package org.polymorph.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

class ServerTokenTest {
    @TempDir
    Path home;

    @Test
    void generatedOnceOnLoopbackOwnerOnly() throws Exception {
        ServerSettings s = ServerSettings.load(home, new String[0]);
        ServerToken first = ServerToken.ensure(s);
        assertTrue(first.generated());
        assertTrue(first.value().matches("[0-9a-f]{64}"), first.value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.tokenFile())));
        ServerToken again = ServerToken.ensure(s);
        assertFalse(again.generated());
        assertEquals(first.value(), again.value());
    }

    @Test
    void nonLoopbackWithoutATokenIsRefused() throws Exception {
        ServerSettings s = ServerSettings.load(home, new String[] {"--host", "0.0.0.0"});
        BadServerInput e = assertThrows(BadServerInput.class, () -> ServerToken.ensure(s));
        assertTrue(e.getMessage().contains("not a loopback address and no token is configured"), e.getMessage());
        assertFalse(Files.exists(s.tokenFile()), "nothing written");
    }

    @Test
    void unsafeOrShortTokenFilesAreRefused() throws Exception {
        ServerSettings s = ServerSettings.load(home, new String[] {"--host", "0.0.0.0"});
        Files.createDirectories(s.tokenFile().getParent());
        Files.writeString(s.tokenFile(), "x".repeat(40));
        Files.setPosixFilePermissions(s.tokenFile(), PosixFilePermissions.fromString("rw-r--r--"));
        BadServerInput open = assertThrows(BadServerInput.class, () -> ServerToken.ensure(s));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        Files.setPosixFilePermissions(s.tokenFile(), PosixFilePermissions.fromString("rw-------"));
        assertEquals("x".repeat(40), ServerToken.ensure(s).value(), "an operator's token serves a non-loopback address");
        Files.writeString(s.tokenFile(), "short\n");
        BadServerInput shortToken = assertThrows(BadServerInput.class, () -> ServerToken.ensure(s));
        assertTrue(shortToken.getMessage().contains("at least 32"), shortToken.getMessage());
    }
}
