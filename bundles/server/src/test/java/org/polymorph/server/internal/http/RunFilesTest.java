package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
    @TempDir Path tmp;
    Path run;
    Path secret;

    @BeforeEach
    void files() throws Exception {
        run = Files.createDirectories(tmp.resolve("runs/r1"));
        Files.writeString(run.resolve("result.json"), "{}");
        Files.createDirectories(run.resolve("plots"));
        Files.write(run.resolve("plots/energy.png"), new byte[] {1, 2, 3});
        secret = Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(run.resolve("link.txt"), secret);
        Files.createSymbolicLink(run.resolve("linkdir"), tmp);
    }

    /** Path elements as PathElements makes them from a raw URI tail (decoded once). */
    private static List<String> raw(String tail) {
        return PathElements.split(tail);
    }

    @Test
    void everyTraversalFormIsMalformed() {
        for (String bad : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/plots/%2e%2e/%2e%2e/secret.txt",
                "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2fetc%2fpasswd", "//etc/passwd", "/..%5csecret.txt", "/a%5cb",
                "/result.json%00.png", "/.", "/./result.json", "/plots//energy.png", "/")) {
            ApiException e = assertThrows(ApiException.class, () -> RunFiles.check(raw(bad)), bad);
            assertEquals(400, e.status(), bad);
            assertEquals("path", e.body().get("parameter"), bad);
        }
    }

    @Test
    void aMalformedEscapeIs400() {
        for (String bad : List.of("/%2", "/%zz", "/%c3%28")) {
            ApiException e = assertThrows(ApiException.class, () -> raw(bad), bad);
            assertEquals(400, e.status());
        }
    }

    @Test
    void doubleEncodingIsDecodedOnceAndFindsNothing() throws Exception {
        List<String> elements = raw("/%252e%252e/secret.txt");
        assertEquals(List.of("%2e%2e", "secret.txt"), elements);
        assertTrue(RunFiles.resolve(run, elements).isEmpty());
    }

    @Test
    void aFileInsideResolves() throws Exception {
        assertEquals(run.toRealPath().resolve("plots/energy.png"), RunFiles.resolve(run, raw("/plots/energy.png")).orElseThrow());
        assertEquals(run.toRealPath().resolve("result.json"), RunFiles.resolve(run, raw("/result%2Ejson")).orElseThrow());
    }

    @Test
    void symlinksAndMissingFilesAreNotFound() throws Exception {
        assertTrue(RunFiles.resolve(run, raw("/link.txt")).isEmpty(), "a symlink to a file outside");
        assertTrue(RunFiles.resolve(run, raw("/linkdir/secret.txt")).isEmpty(), "a symlinked folder on the way");
        assertTrue(RunFiles.resolve(run, raw("/nope.txt")).isEmpty());
        assertTrue(RunFiles.resolve(run, raw("/plots")).isEmpty(), "a folder is not a file");
        assertTrue(RunFiles.resolve(tmp.resolve("runs/none"), raw("/result.json")).isEmpty(), "no run directory");
    }

    @Test
    void aRunDirectoryThatIsASymlinkStillServesItsOwnFilesOnly() throws Exception {
        Path linkedRun = Files.createSymbolicLink(tmp.resolve("runs/alias"), run);
        assertEquals(run.toRealPath().resolve("result.json"), RunFiles.resolve(linkedRun, raw("/result.json")).orElseThrow());
        assertTrue(RunFiles.resolve(linkedRun, raw("/link.txt")).isEmpty());
    }

    @Test
    void theListHasRegularFilesOnlyWithTypes() throws Exception {
        List<Map<String, Object>> list = RunFiles.list(run);
        assertEquals(List.of("plots/energy.png", "result.json"), list.stream().map(m -> m.get("name")).toList());
        assertEquals(3L, list.get(0).get("size"));
        assertEquals("png", list.get(0).get("type"));
        assertEquals("json", list.get(1).get("type"));
    }

    @Test
    void theZipHoldsTheListedFilesAndNothingOutside() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunFiles.zip(run, out);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertFalse(new String(zip.readAllBytes()).contains("outside"));
            }
        }
        assertEquals(List.of("plots/energy.png", "result.json"), names);
    }

    @Test
    void typesByExtension() {
        assertEquals("csv", RunFiles.type("rdf.CSV"));
        assertEquals("xyz", RunFiles.type("traj.extxyz"));
        assertEquals("text", RunFiles.type("run.log"));
        assertEquals("text", RunFiles.type("POSCAR"));
        assertEquals("other", RunFiles.type("weights.bin"));
        assertEquals("image/png", RunFiles.contentType("a.png"));
        assertEquals("application/octet-stream", RunFiles.contentType("weights.bin"));
    }
}
