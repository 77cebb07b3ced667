package org.polymorph.shell.internal.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.method.Method;

/**
 * What to type to continue a cancelled run: the same command with {@code resume=true} and {@code --out} the run's
 * directory, for a Method that checkpoints (it declares {@code resume}); for one that does not, that it starts over.
 */
public final class ResumeHint {
    static final String RESUME = "resume";

    private ResumeHint() { }

    /**
     * @param method the Method that was cancelled
     * @param id the id it was run under
     * @param keyValues the {@code key=value} words it was run with
     * @param runDirectory its run directory
     */
    public static String of(Method method, String id, List<String> keyValues, Path runDirectory) {
        if (method.params().stream().noneMatch(p -> p.name().equals(RESUME))) {
            return id + " keeps no checkpoint: run it again to start over";
        }
        List<String> words = new ArrayList<>(List.of("run", id));
        for (String kv : keyValues) {
            if (!kv.startsWith(RESUME + "=")) words.add(kv);
        }
        words.add(RESUME + "=true");
        words.add("--out");
        String dir = runDirectory.toString();
        words.add(dir.matches(".*\\s.*") ? "'" + dir + "'" : dir); // quoted for Gogo and sh when it holds a space
        return "to continue: " + String.join(" ", words);
    }
}
