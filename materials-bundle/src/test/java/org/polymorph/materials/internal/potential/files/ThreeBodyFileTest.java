package org.polymorph.materials.internal.potential.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreeBodyFileTest {
    private static final List<String> NAMES = List.of("x", "y", "z");

    @Test
    void entriesMaySpanLinesAndCommentsAreIgnored() {
        String text = "# header\n\nSi Si Si 1.0 # trailing\n   2.0\n 3.0\nC C C 4 5 6\n";
        double[][] t = ThreeBodyFile.table("t.sw", text, NAMES, List.of("Si"), Set.of());
        assertArrayEquals(new double[] {1}, t[0]);
        assertArrayEquals(new double[] {3}, t[2]);
        List<ThreeBodyFile.Entry> all = ThreeBodyFile.parse("t.sw", text, 3);
        assertEquals(2, all.size());
        assertEquals(3, all.get(0).line());
        assertEquals(6, all.get(1).line());
    }

    @Test
    void typesMapToElementsAsPairCoeffDoes() {
        String text = "A A A 1 1 1\nA A B 2 2 2\nA B A 3 3 3\nA B B 4 4 4\nB A A 5 5 5\nB A B 6 6 6\nB B A 7 7 7\nB B B 8 8 8\n";
        // pair_coeff * * f B A: type 0 is B, type 1 is A
        double[][] t = ThreeBodyFile.table("f", text, NAMES, List.of("B", "A"), Set.of());
        assertArrayEquals(new double[] {8, 7, 6, 5, 4, 3, 2, 1}, t[0]);
    }

    @Test
    void bytesThatAreNotUtf8FailAsAFieldNamingTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin.sw");
        Files.write(f, new byte[] {'S', 'i', ' ', 'S', 'i', ' ', 'S', 'i', ' ', '1', '\n', '2', ' ', (byte) 0xE9, '\n'});
        // was an unreadable-file error (MalformedInputException) without a line
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThreeBodyFile.read(f, NAMES, List.of("Si"), Set.of()));
        assertTrue(e.getMessage().contains("latin.sw line 1-2") && e.getMessage().contains("is not a number"), e.getMessage());
    }

    @Test
    void malformedLinesNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.sw");
        Files.writeString(f, "# comment\nSi Si Si 1.0 2.0\n  abc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreeBodyFile.read(f, NAMES, List.of("Si"), Set.of()));
        assertTrue(e.getMessage().contains("bad.sw line 2-3") && e.getMessage().contains("'abc'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ThreeBodyFile.table("t.sw", "\nSi Si Si 1 2 3 4\n", NAMES, List.of("Si"), Set.of()));
        assertTrue(e.getMessage().startsWith("t.sw line 2:") && e.getMessage().contains("4 numbers, expected 3"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ThreeBodyFile.table("t.sw", "Si Si Si 1 2 3\n\nSi Si\n", NAMES, List.of("Si"), Set.of()));
        assertTrue(e.getMessage().startsWith("t.sw line 3:") && e.getMessage().contains("incomplete"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> ThreeBodyFile.table("t.sw", "Si Si Si 1 2 3\nSi Si Si 1 2 3\n", NAMES, List.of("Si"), Set.of()));
        assertTrue(e.getMessage().startsWith("t.sw line 2:") && e.getMessage().contains("duplicate"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> ThreeBodyFile.table("t.sw", "Si Si Si 1 -2 3\n", NAMES, List.of("Si"), Set.of("y")));
        assertTrue(e.getMessage().startsWith("t.sw line 1:") && e.getMessage().contains("y = -2"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ThreeBodyFile.table("t.sw", "Si Si Si 1 2 3\n", NAMES, List.of("Si", "C"), Set.of()));
        assertTrue(e.getMessage().contains("no entry for Si Si C"), e.getMessage());
    }
}
