package org.polymorph.materials.internal.potential.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads LAMMPS many-body parameter files ({@code .sw}, {@code .tersoff}, {@code .edip}) as
 * {@code PotentialFileReader::next_line(n)} does: text after {@code #} is a comment; an entry is
 * three element names and the style's numbers, and may continue over several lines. As
 * {@code pair_coeff * * file e1 e2 ...}, {@code elementOfType} names the element of each
 * structure type; entries whose three elements are not all mapped are skipped, and each mapped
 * element triplet needs exactly one entry. Errors name the file and line.
 */
public final class ThreeBodyFile {
    /** One entry: elements i, j, k, the numbers in file order, and the line where it starts (1-based). */
    public record Entry(String i, String j, String k, double[] values, int line) { }

    private ThreeBodyFile() { }

    /** Reads {@code file} and tabulates it by type triplet (see {@link #table(String, String, List, List, Set)}). */
    public static double[][] read(Path file, List<String> parameterNames, List<String> elementOfType, Set<String> nonNegative) {
        try {
            // bytes that are not UTF-8 become U+FFFD: they fail as a field that is not a number, naming the line
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return table(file.getFileName().toString(), text, parameterNames, elementOfType, nonNegative);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read potential file " + file, e);
        }
    }

    /**
     * What {@code make} builds from values read from {@code file}; the potential's own checks of those values (signs,
     * cutoffC < cutoffA, ...) fail naming the file, as the reader's errors do.
     */
    public static <T> T naming(Path file, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The parameters of every type triplet: {@code out[p][(a·T + b)·T + c]} is parameter p (in the
     * order of {@code parameterNames}) of the entry for elements (e[a], e[b], e[c]), T types. The
     * parameters named in {@code nonNegative} must be >= 0 (LAMMPS's "Illegal ... parameter").
     */
    public static double[][] table(String fileName, String text, List<String> parameterNames, List<String> elementOfType,
                                   Set<String> nonNegative) {
        if (elementOfType.isEmpty()) throw new IllegalArgumentException(fileName + ": give the element of each type (pair_coeff * * file Si ...)");
        List<String> elements = new ArrayList<>(new LinkedHashSet<>(elementOfType));
        List<Entry> entries = parse(fileName, text, parameterNames.size());
        int ne = elements.size();
        Entry[] byElements = new Entry[ne * ne * ne];
        for (Entry e : entries) {
            int a = elements.indexOf(e.i());
            int b = elements.indexOf(e.j());
            int c = elements.indexOf(e.k());
            if (a < 0 || b < 0 || c < 0) continue;
            int slot = (a * ne + b) * ne + c;
            if (byElements[slot] != null) {
                throw new IllegalArgumentException(fileName + " line " + e.line() + ": duplicate entry for " + e.i() + " " + e.j() + " " + e.k()
                        + " (first at line " + byElements[slot].line() + "); keep one");
            }
            byElements[slot] = e;
            for (int p = 0; p < parameterNames.size(); p++) {
                if (nonNegative.contains(parameterNames.get(p)) && e.values()[p] < 0) {
                    throw new IllegalArgumentException(fileName + " line " + e.line() + ": " + parameterNames.get(p) + " = " + e.values()[p]
                            + " in entry " + e.i() + " " + e.j() + " " + e.k() + "; it must be >= 0");
                }
            }
        }
        int t = elementOfType.size();
        double[][] out = new double[parameterNames.size()][t * t * t];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                for (int c = 0; c < t; c++) {
                    int ea = elements.indexOf(elementOfType.get(a));
                    int eb = elements.indexOf(elementOfType.get(b));
                    int ec = elements.indexOf(elementOfType.get(c));
                    Entry e = byElements[(ea * ne + eb) * ne + ec];
                    if (e == null) {
                        throw new IllegalArgumentException(fileName + ": no entry for " + elementOfType.get(a) + " " + elementOfType.get(b) + " "
                                + elementOfType.get(c) + "; add one or map the types to elements the file has");
                    }
                    for (int p = 0; p < out.length; p++) out[p][(a * t + b) * t + c] = e.values()[p];
                }
            }
        }
        return out;
    }

    /** All entries of the file, each with {@code count} numbers. */
    public static List<Entry> parse(String fileName, String text, int count) {
        List<Entry> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int startLine = 0;
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            String trimmed = line.trim();
            if (trimmed.isEmpty()) continue;
            if (words.isEmpty()) startLine = n + 1;
            for (String w : trimmed.split("\\s+")) words.add(w);
            if (words.size() < 3 + count) continue;
            if (words.size() > 3 + count) {
                throw new IllegalArgumentException(fileName + " line " + (n + 1) + ": the entry starting at line " + startLine + " has "
                        + (words.size() - 3) + " numbers, expected " + count + " after the three element names");
            }
            out.add(entry(fileName, words, count, startLine, n + 1));
            words.clear();
        }
        if (!words.isEmpty()) {
            throw new IllegalArgumentException(fileName + " line " + startLine + ": incomplete entry, " + (words.size() - 3 < 0 ? 0 : words.size() - 3)
                    + " of " + count + " numbers before the end of the file");
        }
        return out;
    }

    private static Entry entry(String fileName, List<String> words, int count, int startLine, int endLine) {
        double[] v = new double[count];
        for (int p = 0; p < count; p++) {
            String w = words.get(3 + p);
            try {
                v[p] = Double.parseDouble(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(fileName + " line " + (startLine == endLine ? startLine : startLine + "-" + endLine)
                        + ": '" + w + "' (number " + (p + 1) + " of entry " + words.get(0) + " " + words.get(1) + " " + words.get(2)
                        + ") is not a number", e);
            }
            if (!Double.isFinite(v[p])) {
                throw new IllegalArgumentException(fileName + " line " + startLine + ": number " + (p + 1) + " is " + w + "; give a finite value");
            }
        }
        return new Entry(words.get(0), words.get(1), words.get(2), v, startLine);
    }
}
