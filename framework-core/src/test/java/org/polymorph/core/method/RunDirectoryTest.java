package org.polymorph.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.runtime.Json;

class RunDirectoryTest {

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("runs/one"));
        assertTrue(Files.isDirectory(run.path()));
        Path f = run.writeString("summary.txt", "hello\n");
        assertEquals("hello\n", Files.readString(f));
        run.writeBytes("data/raw.bin", new byte[] {1, 2, 3});
        assertEquals(List.of("data/raw.bin", "summary.txt"), files(run.path()));
    }

    @Test
    void replacesAnExistingFile(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create(tmp);
        run.writeString("result.json", "old");
        run.writeString("result.json", "new");
        assertEquals("new", Files.readString(run.resolve("result.json")));
        assertEquals(List.of("result.json"), files(tmp));
    }

    @Test
    void aFailedWriteLeavesNeitherTargetNorTemporary(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create(tmp);
        run.writeString("keep.txt", "previous");
        assertThrows(IOException.class, () -> run.write("keep.txt", out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("previous", Files.readString(run.resolve("keep.txt")), "the old file is untouched");
        assertThrows(IOException.class, () -> run.write("new.txt", out -> { throw new IOException("boom"); }));
        assertEquals(List.of("keep.txt"), files(tmp));
    }

    @Test
    void rejectsNamesEscapingTheDirectory(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create(tmp.resolve("run"));
        for (String name : new String[] {"../x.txt", "a/../../x.txt", ".", "", tmp.resolve("other.txt").toString()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.resolve(name), name);
            assertTrue(e.getMessage().contains("escapes"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> run.writeString("../evil.txt", "x"));
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertEquals(run.path().resolve("a/b.txt"), run.resolve("a/./b.txt"));
    }

    @Test
    void writesJson(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create(tmp);
        Path f = run.writeJson("result.json", Map.of("gflops", 12.5));
        assertEquals(Map.of("gflops", 12.5), Json.parse(Files.readString(f)));
        assertTrue(Files.readString(f).endsWith("\n"));
    }

    @Test
    void writtenFilesGetTheProcessUmaskNotOwnerOnly(@TempDir Path tmp) throws IOException {
        RunDirectory run = RunDirectory.create(tmp);
        Path reference = Files.createFile(tmp.resolve("reference"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(run.writeString("a.txt", "x")));
        assertEquals(Files.getPosixFilePermissions(reference),
                Files.getPosixFilePermissions(run.writeFile("b.bin", p -> Files.write(p, new byte[] {1}))));
    }
}
