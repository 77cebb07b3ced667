package org.polymorph.materials.internal.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/** Files through an item's JSON: text and bytes exactly, a folder's files, an installed model by name, bad values named. */
class ShippedFilesTest {
    private static Object viaJson(Object v) { return Json.parse(Json.write(v, false)); }

    @Test
    void filesAndFoldersArriveByteForByte(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("Si.sw"), "# Stillinger-Weber, Å\nSi Si Si 2.1683 2.0951 1.80 21.0 1.20 -0.333333333333 7.049556277 0.6022245584 4.0 0.0 0.0\n");
        Path bin = Files.write(tmp.resolve("w.bin"), new byte[] {(byte) 0xff, 0, (byte) 0xc3, 0x28, 10});
        Path folder = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(folder.resolve("model.json"), "{\"a\": 1}");
        Files.write(folder.resolve("state.pt"), new byte[] {1, 2, (byte) 0x80});
        Map<String, Object> t = ShippedFiles.of(text);
        assertTrue(t.containsKey("text"));
        assertTrue(ShippedFiles.of(bin).containsKey("base64"), "not UTF-8");
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path a = ShippedFiles.materialize(viaJson(t), scratch, "potential_file");
        assertEquals("Si.sw", a.getFileName().toString());
        assertArrayEquals(Files.readAllBytes(text), Files.readAllBytes(a));
        assertArrayEquals(Files.readAllBytes(bin), Files.readAllBytes(ShippedFiles.materialize(viaJson(ShippedFiles.of(bin)), scratch, "f")));
        Path m = ShippedFiles.materialize(viaJson(ShippedFiles.of(folder)), scratch, "f");
        assertEquals(List.of("model.json", "state.pt"), Files.list(m).map(p -> p.getFileName().toString()).sorted().toList());
        assertArrayEquals(new byte[] {1, 2, (byte) 0x80}, Files.readAllBytes(m.resolve("state.pt")));
        ShippedFiles.delete(scratch);
        assertTrue(!Files.exists(scratch));
    }

    @Test
    void anInstalledModelGoesByNameAndAMissingOneIsNamed(@TempDir Path tmp) throws Exception {
        Path model = Files.createDirectories(tmp.resolve("home/models/M3GNet-X"));
        Files.writeString(model.resolve("model.json"), "{}");
        String before = System.getProperty(ShippedFiles.HOME_PROPERTY);
        try {
            System.setProperty(ShippedFiles.HOME_PROPERTY, tmp.resolve("home").toString());
            Map<String, Object> m = ShippedFiles.of(model);
            assertEquals(Map.of("model", "M3GNet-X"), m);
            assertEquals(model.toAbsolutePath().normalize(), ShippedFiles.materialize(viaJson(m), tmp, "potential_file"));
            BadInputException e = assertThrows(BadInputException.class, () -> ShippedFiles.materialize(Map.of("model", "Other"), tmp, "potential_file"));
            assertEquals("potential_file", e.parameter().orElseThrow());
            e = assertThrows(BadInputException.class, () -> ShippedFiles.materialize(Map.of("model", "../home"), tmp, "potential_file"));
            assertEquals("potential_file", e.parameter().orElseThrow());
        } finally {
            if (before == null) System.clearProperty(ShippedFiles.HOME_PROPERTY); else System.setProperty(ShippedFiles.HOME_PROPERTY, before);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> ShippedFiles.materialize(Map.of("name", "../x", "text", ""), tmp, "f"));
        assertEquals("f.name", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> ShippedFiles.materialize(Map.of("name", "x", "base64", "@@"), tmp, "f"));
        assertEquals("f.base64", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> ShippedFiles.materialize("Si.sw", tmp, "f"));
        assertEquals("f", e.parameter().orElseThrow());
    }
}
