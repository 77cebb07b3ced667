package org.polymorph.shell.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.method.BadInputException;

/**
 * The headless command line split into command, positional words and the options
 * {@code --json} and {@code --out DIR} (also {@code --out=DIR}), which may appear anywhere.
 *
 * @param command first word: run, methods, describe or backend
 * @param words the words after the command (method id, key=value pairs)
 * @param json whether {@code --json} was given
 * @param out the {@code --out} folder, or null
 */
public record CliArgs(String command, List<String> words, boolean json, Path out) {
    public static final String USAGE = "usage: polymorph run <id> [key=value ...] [--json] [--out DIR]"
            + " | polymorph methods [--json] | polymorph describe <id> [--json] | polymorph backend [--json]";

    public static CliArgs parse(String[] args) {
        List<String> words = new ArrayList<>();
        boolean json = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--out") || a.startsWith("--out=")) {
                String dir = a.equals("--out") ? (i + 1 < args.length ? args[++i] : null) : a.substring("--out=".length());
                if (dir == null || dir.isBlank() || dir.startsWith("--")) {
                    throw new BadInputException("option --out needs a folder, e.g. --out runs/my-run; " + USAGE);
                }
                out = Path.of(dir);
            } else if (a.startsWith("--")) {
                throw new BadInputException("unknown option '" + a + "'; options are --json and --out DIR; " + USAGE);
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty()) throw new BadInputException("no command given; " + USAGE);
        return new CliArgs(words.get(0), List.copyOf(words.subList(1, words.size())), json, out);
    }
}
