package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;

class TokenTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    @TempDir Path tmp;

    @Test
    void readsTheFirstLineAndComparesExactly() throws Exception {
        Token t = Token.read(Files.writeString(tmp.resolve("server.token"), TOKEN + "\n"));
        assertTrue(t.matches(TOKEN));
        assertFalse(t.matches(TOKEN.substring(0, 63)), "a prefix");
        assertFalse(t.matches(TOKEN + "0"), "longer");
        assertFalse(t.matches(TOKEN.toUpperCase()), "case matters");
        assertFalse(t.matches(""));
        assertFalse(t.matches(null));
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        Path file = tmp.resolve("none.token");
        BadInputException e = assertThrows(BadInputException.class, () -> Token.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("does not exist")
                && e.getMessage().contains("openssl rand -hex 32"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("empty.token"), "\n  \n");
        BadInputException e = assertThrows(BadInputException.class, () -> Token.read(file));
        assertTrue(e.getMessage().contains("is empty") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aShortTokenIsRefusedWithItsLength() throws Exception {
        Path file = Files.writeString(tmp.resolve("short.token"), "secret\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Token.read(file));
        assertTrue(e.getMessage().contains("has 6 characters") && e.getMessage().contains("at least 32"), e.getMessage());
        Path spaced = Files.writeString(tmp.resolve("spaced.token"), TOKEN.substring(0, 20) + " " + TOKEN.substring(20) + "\n");
        assertThrows(BadInputException.class, () -> Token.read(spaced));
    }
}
