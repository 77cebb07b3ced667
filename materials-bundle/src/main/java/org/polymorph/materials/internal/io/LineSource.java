package org.polymorph.materials.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameReader;

/**
 * Lines of a UTF-8 text file with their 1-based numbers, and parse helpers whose errors read
 * "file line n: expected …, got '…'". Lines end at LF (a CR before it is dropped); a byte-order
 * mark at the start is skipped; bytes that are not UTF-8 and lines longer than {@link #MAX_LINE}
 * bytes are refused (no structure file has them, and a line is held whole in memory).
 */
public final class LineSource implements Closeable {
    /** Longest line accepted [bytes]. */
    public static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private final String name;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private long consumed;          // bytes of the file before chunk[chunkPos]
    private byte[] lineBytes = new byte[256];
    private boolean eof;
    private int line;
    private String pushed;

    public LineSource(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    public static LineSource open(Path file) throws IOException {
        return new LineSource(Files.newInputStream(file), file.toString());
    }

    public String name() { return name; }

    /** Number of the line last returned by {@link #next()} (0 before the first). */
    public int line() { return line; }

    /** The next line, or null at the end of the file. */
    public String next() {
        if (pushed != null) {
            String s = pushed;
            pushed = null;
            line++;
            return s;
        }
        try {
            String s = readLine();
            if (s != null) line++;
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " line " + (line + 1) + ": " + e.getMessage(), e);
        }
    }

    /** The bytes up to the next LF decoded as UTF-8 (BOM and trailing CR dropped), or null at the end. */
    private String readLine() throws IOException {
        long start = consumed + chunkPos;
        int len = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                if (eof || !fill()) break;
            }
            any = true;
            byte b = chunk[chunkPos++];
            if (b == '\n') break;
            if (len == MAX_LINE) {
                throw new IllegalArgumentException(name + " line " + (line + 1) + ": longer than " + MAX_LINE
                        + " bytes; a structure file has short lines: is this the right file, and is it text?");
            }
            if (len == lineBytes.length) lineBytes = Arrays.copyOf(lineBytes, Math.min(MAX_LINE, 2 * len));
            lineBytes[len++] = b;
        }
        if (!any) return null;
        int from = 0;
        if (start == 0 && len >= 3 && (lineBytes[0] & 0xFF) == 0xEF && (lineBytes[1] & 0xFF) == 0xBB && (lineBytes[2] & 0xFF) == 0xBF) from = 3;
        if (len > from && lineBytes[len - 1] == '\r') len--;
        ByteBuffer bytes = ByteBuffer.wrap(lineBytes, from, len - from);
        CharBuffer chars = CharBuffer.allocate(len - from);
        utf8.reset();
        CoderResult r = utf8.decode(bytes, chars, true);
        if (!r.isError()) r = utf8.flush(chars);
        if (r.isError()) {
            int at = bytes.position();
            throw new IllegalArgumentException(name + " line " + (line + 1) + ": not UTF-8 text at byte " + (start + at + 1)
                    + " of the file (0x" + String.format("%02X", lineBytes[at] & 0xFF) + "); save the file as UTF-8 or ASCII text");
        }
        chars.flip();
        return chars.toString();
    }

    private boolean fill() throws IOException {
        consumed += chunkEnd;
        chunkPos = 0;
        chunkEnd = 0;
        int k = in.read(chunk);
        if (k <= 0) {
            eof = true;
            return false;
        }
        chunkEnd = k;
        return true;
    }

    /** Gives back the line just read; the next call to {@link #next()} returns it again. */
    public void pushBack(String s) {
        pushed = s;
        line--;
    }

    /** The next line; at the end of the file, an error saying what was expected. */
    public String require(String expected) {
        String s = next();
        if (s == null) throw new IllegalArgumentException(name + " line " + (line + 1) + ": unexpected end of file; expected " + expected);
        return s;
    }

    /** The next line that is not blank, or null at the end of the file. */
    public String nextNonBlank() {
        String s;
        do s = next(); while (s != null && s.isBlank());
        return s;
    }

    /**
     * The frames of this file, one read by {@code frame} from each first non-blank line on (a lookahead of
     * one line: only the current frame is held); closing the reader closes this source.
     */
    public FrameReader frames(java.util.function.Function<String, Frame> frame) {
        LineSource src = this;
        return new FrameReader() {
            private String lookahead = src.nextNonBlank();

            @Override public boolean hasNext() { return lookahead != null; }

            @Override public Frame next() {
                if (lookahead == null) throw new java.util.NoSuchElementException(src.name() + ": no more frames");
                Frame f = frame.apply(lookahead);
                lookahead = src.nextNonBlank();
                return f;
            }

            @Override public void close() {
                try {
                    src.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** An error at the current line. */
    public IllegalArgumentException error(String message) { return new IllegalArgumentException(name + " line " + line + ": " + message); }

    public IllegalArgumentException error(String message, Throwable cause) {
        return new IllegalArgumentException(name + " line " + line + ": " + message, cause);
    }

    public static String[] fields(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    /** The line's whitespace-separated fields; at least {@code min} of them, else an error naming {@code expected}. */
    public String[] fields(String s, int min, String expected) {
        String[] f = fields(s);
        if (f.length < min) throw error("expected " + expected + " (" + min + " fields), got '" + s.strip() + "'");
        return f;
    }

    /** A real number in the readers' one syntax ({@link Numbers}), or an error naming {@code what} at this line. */
    public double number(String token, String what) {
        return number(token, what, line);
    }

    /** The same, for a token of line {@code at}. */
    public double number(String token, String what, int at) {
        try {
            return Numbers.real(token);
        } catch (NumberFormatException e) {
            throw errorAt(at, "expected a number for " + what + ", got '" + token + "' (" + e.getMessage()
                    + "; write decimals such as 1.5 or 1.5e-3)");
        }
    }

    public int integer(String token, String what) {
        return integer(token, what, line);
    }

    /** An integer, or an error naming {@code what} at line {@code at}. */
    public int integer(String token, String what, int at) {
        try {
            return Numbers.integer(token);
        } catch (NumberFormatException e) {
            throw errorAt(at, "expected an integer for " + what + ", got '" + token + "'"
                    + (Numbers.isInteger(token) ? " (beyond 2147483647)" : ""));
        }
    }

    /** An error at line {@code at} of this file. */
    public IllegalArgumentException errorAt(int at, String message) { return new IllegalArgumentException(name + " line " + at + ": " + message); }

    /** Mass of an element symbol, or an error naming the symbol at this line. */
    public double elementMass(String symbol) {
        if (!org.polymorph.materials.io.Elements.isElement(symbol)) {
            throw error("unknown element symbol '" + symbol + "'; expected a symbol from H to Bi (e.g. Si, Cu)");
        }
        return org.polymorph.materials.io.Elements.mass(symbol);
    }

    @Override public void close() throws IOException { in.close(); }
}
