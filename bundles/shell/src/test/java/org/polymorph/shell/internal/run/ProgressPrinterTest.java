package org.polymorph.shell.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void plainModePrintsOneLinePerIntervalAtMost() {
        try (ProgressPrinter p = new ProgressPrinter(out, false, now::get)) {
            p.update(1, 10, "a");       // printed (first)
            now.addAndGet(100_000_000L);
            p.update(2, 10, "b");       // 100 ms later: dropped
            now.addAndGet(100_000_000L);
            p.update(3, 10, "c");       // 200 ms after the first: printed
            now.addAndGet(199_999_999L);
            p.update(4, 10, "d");       // dropped
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, bytes.toString(StandardCharsets.UTF_8));
        assertEquals("[ 10.0%] 1/10 a", lines[0]);
        assertEquals("[ 30.0%] 3/10 c", lines[1]);
    }

    @Test
    void terminalModeRewritesOneLineAndEndsIt() {
        try (ProgressPrinter p = new ProgressPrinter(out, true, now::get)) {
            p.update(0, 0, "loading a long message");
            now.addAndGet(ProgressPrinter.INTERVAL_NS);
            p.update(5, 5, "done");
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\rloading a long message\r[100.0%] 5/5 done"), s);
        // the shorter second line is padded so no characters of the first remain
        assertEquals("\rloading a long message".length(), s.substring(s.lastIndexOf('\r'), s.length() - 1).length());
        assertTrue(s.endsWith("\n"));
        assertEquals(1, s.chars().filter(c -> c == '\n').count());
    }

    @Test
    void finishEndsAtOneHundredPercentWhenTheLastLineStoppedShort() {
        try (ProgressPrinter p = new ProgressPrinter(out, false, now::get)) {
            p.update(1, 8, "step");     // printed
            now.addAndGet(50_000_000L);
            p.update(7, 8, "step");     // dropped by the interval
            p.finish();
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, bytes.toString(StandardCharsets.UTF_8));
        assertEquals("[ 12.5%] 1/8 step", lines[0]);
        assertEquals("[100.0%] 8/8 step", lines[1]);
    }

    @Test
    void finishAddsNothingAfterAPrintedHundredPercentOrWithoutACount() {
        try (ProgressPrinter p = new ProgressPrinter(out, false, now::get)) {
            p.update(4, 4, "done");
            p.finish();
        }
        assertEquals("[100.0%] 4/4 done\n", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        try (ProgressPrinter p = new ProgressPrinter(out, false, now::get)) {
            p.update(0, 0, "loading");
            p.finish();
        }
        assertEquals("loading\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void finishRewritesTheTerminalLineOnce() {
        try (ProgressPrinter p = new ProgressPrinter(out, true, now::get)) {
            p.update(3, 10, "md");
            p.finish();
        }
        assertEquals("\r[ 30.0%] 3/10 md\r[100.0%] 10/10 md\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nothingPrintedNothingEnded() {
        new ProgressPrinter(out, true, now::get).close();
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
