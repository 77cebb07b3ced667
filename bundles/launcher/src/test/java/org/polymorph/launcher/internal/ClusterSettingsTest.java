package org.polymorph.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

class ClusterSettingsTest {
    @TempDir
    Path home;

    private ClusterSettings load(String conf, boolean member, String... args) throws IOException, BadServerInput {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/cluster.properties"), conf);
        return ClusterSettings.load(home, args, member);
    }

    @Test
    void offWithoutAFileAndOnForAMember() throws Exception {
        ClusterSettings off = ClusterSettings.load(home, new String[0], false);
        assertFalse(off.enabled());
        ClusterSettings member = ClusterSettings.load(home, new String[0], true);
        assertTrue(member.enabled());
        assertEquals("127.0.0.1", member.host());
        assertEquals(5701, member.port());
        assertEquals(List.of(), member.members());
        assertEquals(home.resolve("conf/cluster.secret").toAbsolutePath().normalize(), member.secretFile());
        Map<String, String> p = member.frameworkProperties(false);
        assertEquals("true", p.get("polymorph.cluster.enabled"));
        assertEquals("false", p.get("polymorph.cluster.port.auto"));
        assertEquals("polymorph", p.get("polymorph.cluster.name"));
    }

    @Test
    void optionsReplaceTheFile() throws Exception {
        ClusterSettings s = load("cluster.enabled=true\ncluster.port=6000\ncluster.members=127.0.0.1:6001\ncluster.cores=3\n", true,
                "--port", "6100", "--join=127.0.0.1:7001, 127.0.0.1:7002");
        assertEquals(6100, s.port());
        assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002"), s.members());
        assertTrue(s.joinGiven());
        assertEquals(3, s.cores());
        assertEquals("127.0.0.1:7001,127.0.0.1:7002", s.frameworkProperties(true).get("polymorph.cluster.members"));
    }

    @Test
    void badValuesNameTheSettingAndTheFix() {
        BadServerInput range = assertThrows(BadServerInput.class, () -> load("", true, "--join", "127.0.0.1:5701-5703"));
        assertTrue(range.getMessage().contains("port ranges are not accepted"), range.getMessage());
        BadServerInput form = assertThrows(BadServerInput.class, () -> load("", true, "--join", "somehost"));
        assertTrue(form.getMessage().contains("--join entry 'somehost': not HOST:PORT"), form.getMessage());
        BadServerInput port = assertThrows(BadServerInput.class, () -> load("", true, "--port", "70000"));
        assertTrue(port.getMessage().contains("--port = '70000': out of range"), port.getMessage());
        BadServerInput key = assertThrows(BadServerInput.class, () -> load("cluster.enable=true\n", false));
        assertTrue(key.getMessage().contains("unknown setting 'cluster.enable'"), key.getMessage());
        BadServerInput option = assertThrows(BadServerInput.class, () -> load("", true, "--members", "a:1"));
        assertTrue(option.getMessage().contains("unknown option '--members'"), option.getMessage());
        BadServerInput flag = assertThrows(BadServerInput.class, () -> load("cluster.enabled=yes\n", false));
        assertTrue(flag.getMessage().contains("cluster.enabled = 'yes'"), flag.getMessage());
    }

    @Test
    void aNetworkAddressNeedsAMemberListAndASecret() throws Exception {
        BadServerInput list = assertThrows(BadServerInput.class, () -> load("", true, "--host", "0.0.0.0"));
        assertTrue(list.getMessage().contains("needs an explicit member list"), list.getMessage());
        ClusterSettings s = load("", true, "--host", "0.0.0.0", "--join", "10.0.0.5:5701");
        BadServerInput secret = assertThrows(BadServerInput.class, () -> ClusterSecret.ensure(s));
        assertTrue(secret.getMessage().contains("there is no cluster secret"), secret.getMessage());
    }

    @Test
    void aLoopbackMemberWritesAnOwnerOnlySecretOnceAndReadsItAfterwards() throws Exception {
        ClusterSettings s = load("", true);
        ClusterSecret first = ClusterSecret.ensure(s);
        assertTrue(first.generated());
        String text = Files.readString(s.secretFile()).strip();
        assertEquals(64, text.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.secretFile())));
        ClusterSecret second = ClusterSecret.ensure(s);
        assertFalse(second.generated());
        assertEquals(text, Files.readString(s.secretFile()).strip());
        Files.setPosixFilePermissions(s.secretFile(), PosixFilePermissions.fromString("rw-r--r--"));
        BadServerInput open = assertThrows(BadServerInput.class, () -> ClusterSecret.ensure(s));
        assertTrue(open.getMessage().contains("cluster secret file") && open.getMessage().contains("chmod 600"), open.getMessage());
    }

    @Test
    void aPortInUseIsReportedBeforeTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            BadServerInput e = assertThrows(BadServerInput.class, () -> ServerPort.checkFree("127.0.0.1", taken.getLocalPort()));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }
}
