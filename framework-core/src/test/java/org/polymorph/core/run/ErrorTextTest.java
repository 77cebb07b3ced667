package org.polymorph.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;

class ErrorTextTest {
    @Test
    void messagesNameNoJavaClass() {
        assertEquals("no such file or folder: /x", ErrorText.of(new NoSuchFileException("/x")));
        assertEquals("permission denied: /etc/y", ErrorText.of(new AccessDeniedException("/etc/y")));
        assertEquals("disk full", ErrorText.of(new RuntimeException(new IOException("disk full"))));
        assertEquals("no such file or folder: /z", ErrorText.of(new UncheckedIOException(new NoSuchFileException("/z"))));
        assertEquals("diverged at step 7", ErrorText.of(new ArithmeticException("diverged at step 7")));
        assertEquals("bad 'n'", ErrorText.of(new BadInputException("bad 'n'")));
        assertEquals("wrapped: inner", ErrorText.of(new IllegalStateException("wrapped: java.lang.IllegalArgumentException: inner")));
        String npe = ErrorText.of(new NullPointerException());
        assertTrue(npe.startsWith("internal error without a message"), npe);
        assertFalse(ErrorText.of(new IllegalStateException(new NumberFormatException("For input string: \"x\""))).contains("Exception"));
        assertEquals("a | b", ErrorText.of(new RuntimeException("a\n  b")));
    }

    @Test
    void theStateOfAnErrorIsItsCategory() {
        assertEquals(RunState.BAD_INPUT, RunState.of(new BadInputException("x")));
        assertEquals(RunState.CANCELLED, RunState.of(new CancelledException("x")));
        assertEquals(RunState.CANCELLED, RunState.of(new InterruptedException("x")));
        assertEquals(RunState.FAILED, RunState.of(new ArithmeticException("x")));
        assertEquals("failure", RunState.FAILED.errorType());
        assertEquals("bad_input", RunState.BAD_INPUT.errorType());
        assertEquals("cancelled", RunState.CANCELLED.errorType());
    }
}
