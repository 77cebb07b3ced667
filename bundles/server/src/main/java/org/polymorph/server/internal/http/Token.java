package org.polymorph.server.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.ErrorText;

/**
 * The server's bearer token, read from the token file (its first line). Candidates are compared in constant
 * time: both sides are hashed with SHA-256 and the digests compared with {@link MessageDigest#isEqual}, so
 * neither the content nor the length of the token leaks through the time a wrong guess takes.
 */
public final class Token {
    /** Shortest accepted token: 32 characters (the launcher writes 64 hex digits, 256 bits). */
    public static final int MIN_LENGTH = 32;
    private static final String MAKE_ONE = "write one line of at least " + MIN_LENGTH + " characters into it, e.g. openssl rand -hex 32 > ";

    private final byte[] digest;

    Token(String token) {
        this.digest = sha256(token);
    }

    /** Reads the token file; a BadInputException naming the file and the fix when it is missing, empty or too short. */
    public static Token read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("token file " + file + " does not exist; " + MAKE_ONE + file
                    + " (bin/polymorph server creates it on a loopback host)");
        } catch (IOException e) {
            throw new BadInputException("token file " + file + " cannot be read (" + ErrorText.of(e)
                    + "); make it readable by the user running the server");
        }
        String token = text.lines().findFirst().orElse("").strip();
        if (token.isEmpty()) throw new BadInputException("token file " + file + " is empty; " + MAKE_ONE + file);
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new BadInputException("the token in " + file + " has " + token.length() + " characters"
                    + (token.chars().anyMatch(Character::isWhitespace) ? " and spaces" : "") + "; " + MAKE_ONE + file);
        }
        return new Token(token);
    }

    /** Whether {@code candidate} is the token, in time independent of where it differs; false for null. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
