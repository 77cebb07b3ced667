package org.polymorph.core.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input folders (a model published as several files) are recorded with their total size and a hash of names and bytes. */
class InputFilesTest {
    @Test
    void folderHashCoversNamesAndContents(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("model.json"), "{}");
        Files.write(model.resolve("state.pt"), new byte[] {1, 2, 3});
        String first = InputFiles.sha256(model);
        assertEquals(64, first.length());
        assertEquals(first, InputFiles.sha256(model), "deterministic");
        Files.write(model.resolve("state.pt"), new byte[] {1, 2, 4});
        String changed = InputFiles.sha256(model);
        assertNotEquals(first, changed, "contents count");
        Files.move(model.resolve("state.pt"), model.resolve("weights.pt"));
        assertNotEquals(changed, InputFiles.sha256(model), "names count");
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        assertEquals("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", InputFiles.sha256(file), "a file's hash is its bytes' SHA-256");
    }
}
