package org.polymorph.materials.internal.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.FrameReader;

/**
 * Lines of a text file with their 1-based numbers, and parse helpers whose errors read
 * "file line n: expected …, got '…'".
 */
public final class LineSource implements Closeable {
    private final BufferedReader in;
    private final String name;
    private int line;
    private String pushed;

    public LineSource(Reader in, String name) {
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
        this.name = name;
    }

    public static LineSource open(Path file) throws IOException {
        return new LineSource(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
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
            String s = in.readLine();
            if (s != null) line++;
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " line " + (line + 1) + ": " + e.getMessage(), e);
        }
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

    public double number(String token, String what) {
        try {
            double v = Double.parseDouble(token);
            if (!Double.isFinite(v)) throw error("expected a finite number for " + what + ", got '" + token + "'");
            return v;
        } catch (NumberFormatException e) {
            throw error("expected a number for " + what + ", got '" + token + "'");
        }
    }

    public int integer(String token, String what) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error("expected an integer for " + what + ", got '" + token + "'");
        }
    }

    /** Mass of an element symbol, or an error naming the symbol at this line. */
    public double elementMass(String symbol) {
        if (!org.polymorph.materials.io.Elements.isElement(symbol)) {
            throw error("unknown element symbol '" + symbol + "'; expected a symbol from H to Bi (e.g. Si, Cu)");
        }
        return org.polymorph.materials.io.Elements.mass(symbol);
    }

    @Override public void close() throws IOException { in.close(); }
}
