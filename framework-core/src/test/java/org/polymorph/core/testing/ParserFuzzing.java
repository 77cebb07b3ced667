package org.polymorph.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every fuzz target (a {@code *Fuzz} test class running Jazzer's {@code @FuzzTest}) checks of a reader of
 * outside input, and the executions and findings it counts per reader.
 *
 * <p>A reader passes an input when it returns or throws its own error: an exception of the type it documents whose
 * message names the input (the file, or the parameter) and shows no Java class name. Anything else escaping (a
 * NullPointerException, an index out of bounds, an OutOfMemoryError, a foreign message) fails the execution: Jazzer
 * reports it as a finding and saves the input for replay (an escaped exception as it is, so that Jazzer tells findings
 * apart by their stack traces; a wrong message as an {@link AssertionError} naming the reader). Hangs are libFuzzer's
 * {@code -timeout}; memory out of proportion to the input is an OutOfMemoryError under the fuzz JVM's small heap.
 *
 * <p>Usage, one instance per target class:
 * <pre>{@code
 *   static final ParserFuzzing FUZZ = new ParserFuzzing("PotentialFilesFuzz");
 *   @FuzzTest(maxDuration = "10s") void sw(byte[] data) {
 *       Path f = FUZZ.file("fuzzed.sw", data);
 *       FUZZ.check("sw", f.getFileName().toString(), IllegalArgumentException.class, () -> StillingerWeber.read(f, List.of("Si")));
 *   }
 *   @AfterAll static void report() { FUZZ.writeReport(); }
 * }</pre>
 * The report ({@code <polymorph.fuzz.report>/<target>.json}, by default {@code target/fuzz}) lists per reader the
 * executions, the inputs it rejected with its own error and the findings.
 */
public final class ParserFuzzing {
    /** A reader's call on one input. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Fully qualified Java names (java.lang..., org.polymorph...) and exception type names must not reach users; text the
     * message quotes from the input does not count (the fuzzer learns to write such words into the file).
     */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jdk|sun|org\\.polymorph)\\.[a-z]+\\.|[A-Z][A-Za-z]*(Exception|Error)\\b");

    private final String target;
    private final Map<String, long[]> counts = new TreeMap<>();   // reader -> {executions, rejected, findings}
    private final Path dir;
    private String input = "";      // the current input as text, for CLASS_NAME

    public ParserFuzzing(String target) {
        this.target = target;
        try {
            this.dir = Files.createTempDirectory("polymorph-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.toFile().deleteOnExit();
    }

    /** {@code data} written to the file {@code name} of this target's temporary folder (overwritten by the next call). */
    public Path file(String name, byte[] data) {
        Path f = dir.resolve(name);
        input(data);
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        f.toFile().deleteOnExit();
        return f;
    }

    /** Declares the current input when it does not go through {@link #file} (e.g. command-line tokens). */
    public void input(byte[] data) {
        input = new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code body}; an exception of type {@code own} whose message contains {@code mustName} and no class name is
     * the reader's own error, anything else is a finding (see the class comment).
     */
    public void check(String reader, String mustName, Class<? extends Exception> own, Body body) {
        long[] c = counts.computeIfAbsent(reader, k -> new long[3]);
        c[0]++;
        try {
            body.run();
        } catch (Exception e) {
            String problem = problem(e, mustName, own, input);
            if (problem == null) {
                c[1]++;
                return;
            }
            c[2]++;
            // an escaped unchecked exception is rethrown as it is: Jazzer tells findings apart by their stack traces
            if (!own.isInstance(e) && e instanceof RuntimeException r) throw r;
            throw new AssertionError(reader + ": " + problem, e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            c[2]++;
            throw e;
        }
    }

    /** Null when {@code e} is the reader's own error, else what is wrong with it. */
    static String problem(Exception e, String mustName, Class<? extends Exception> own, String input) {
        if (!own.isInstance(e)) return "escaped " + e + " (the reader's own error is " + own.getSimpleName() + ")";
        String m = e.getMessage();
        if (m == null || !m.contains(mustName)) return "the message does not name " + mustName + ": " + m;
        Matcher c = CLASS_NAME.matcher(m);
        while (c.find()) {
            if (!input.contains(c.group())) return "the message shows a Java class name (" + c.group() + "): " + m;
        }
        return null;
    }

    /** Writes the counts as JSON to {@code <polymorph.fuzz.report>/<target>.json} and prints them. */
    public void writeReport() {
        StringBuilder json = new StringBuilder("{\"target\": \"").append(target).append("\", \"readers\": {");
        String sep = "";
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long[] c = e.getValue();
            json.append(sep).append("\n  \"").append(e.getKey()).append("\": {\"executions\": ").append(c[0])
                    .append(", \"rejected\": ").append(c[1]).append(", \"findings\": ").append(c[2]).append('}');
            sep = ",";
        }
        json.append("}}\n");
        System.out.print(json);
        Path out = Path.of(System.getProperty("polymorph.fuzz.report", "target/fuzz"));
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(target + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
