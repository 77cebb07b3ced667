package org.polymorph.server.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a run.log: whole lines only, from the end at the start, a replaced file read again, large appends in parts. */
class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void startsAtTheEndAndReturnsWholeLines() throws Exception {
        Path log = dir.resolve(LogTail.FILE);
        Files.writeString(log, "old\n");
        LogTail tail = LogTail.fromEnd(dir);
        assertEquals(List.of(), tail.poll());
        append(log, "a\nb");
        assertEquals(List.of("a"), tail.poll());
        append(log, "\n\nc\r\n");
        assertEquals(List.of("b", "", "c"), tail.poll());
        assertEquals(List.of(), tail.poll());
    }

    @Test
    void aMissingFileGivesNothingUntilItAppearsAndAReplacedOneIsReadFromItsStart() throws Exception {
        LogTail tail = LogTail.fromEnd(dir);
        assertEquals(List.of(), tail.poll());
        Path log = dir.resolve(LogTail.FILE);
        Files.writeString(log, "first line of a long file\n");
        assertEquals(List.of("first line of a long file"), tail.poll());
        Files.writeString(log, "new\n");
        assertEquals(List.of("new"), tail.poll());
    }

    @Test
    void aLargeAppendComesOverSeveralPollsWithoutLosingALine() throws Exception {
        Path log = dir.resolve(LogTail.FILE);
        LogTail tail = LogTail.fromEnd(dir);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 40_000; k++) text.append("line ").append(k).append(" é\n");   // about 0.5 MB
        append(log, text.toString());
        append(log, text.toString());
        List<String> got = new ArrayList<>();
        for (int polls = 0; polls < 3; polls++) got.addAll(tail.poll());
        assertEquals(80_000, got.size());
        assertEquals("line 39999 é", got.get(39_999));
        assertEquals("line 0 é", got.get(40_000));
    }

    private static void append(Path file, String text) throws Exception {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
