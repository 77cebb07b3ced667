package org.polymorph.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleScannerTest {
    @TempDir
    Path dir;

    @Test
    void ordersByLevelNumberThenJarNameAndSkipsOtherFiles() throws IOException {
        touch("10-late/a.jar");
        touch("9-console/z.jar");
        touch("9-console/b.jar");
        touch("1-spifly/asm.jar");
        touch("1-spifly/README.txt");
        List<String> got = BundleScanner.scan(dir).stream()
                .map(j -> j.level() + ":" + j.path().getFileName()).toList();
        assertEquals(List.of("1:asm.jar", "9:b.jar", "9:z.jar", "10:a.jar"), got);
    }

    @Test
    void folderWithoutLevelIsRejectedWithTheExpectedForm() throws IOException {
        touch("runtime/a.jar");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BundleScanner.scan(dir));
        assertTrue(e.getMessage().contains("<start level>-<name>"), e.getMessage());
    }

    @Test
    void missingBundleFolderNamesThePath() {
        IOException e = assertThrows(IOException.class, () -> BundleScanner.scan(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    private void touch(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
    }
}
