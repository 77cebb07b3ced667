package org.polymorph.core.internal.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.runtime.Json;

/**
 * A run found in a folder before another is written into it: its result.json, else a checkpoint file.
 * Method and parameters are null when the file does not say them (a checkpoint of an older format).
 *
 * @param file the file that marks the run
 * @param methodId the method it ran, or null
 * @param params its resolved parameters, or null
 */
record EarlierRun(Path file, String methodId, Map<String, Object> params) {
    /** The run held in {@code dir}, if any. */
    static Optional<EarlierRun> in(Path dir) {
        if (!Files.isDirectory(dir)) return Optional.empty();
        Path result = dir.resolve(RunEngine.RESULT_FILE);
        if (Files.isRegularFile(result)) return Optional.of(fromResult(result));
        List<Path> checkpoints;
        try (Stream<Path> files = Files.list(dir)) {
            checkpoints = files.filter(f -> f.getFileName().toString().startsWith(Checkpoint.PREFIX) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path f : checkpoints) {
            if (Checkpoint.recognises(f)) {
                Checkpoint c = Checkpoint.read(f);
                return Optional.of(new EarlierRun(f, c.methodId(), c.params()));
            }
        }
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(new EarlierRun(checkpoints.get(0), null, null));
    }

    @SuppressWarnings("unchecked")
    private static EarlierRun fromResult(Path file) {
        try {
            Object doc = Json.parse(Files.readString(file));
            if (doc instanceof Map<?, ?> m) {
                Object method = m.get("method");
                Object params = m.get("params");
                return new EarlierRun(file, method instanceof String s ? s : null,
                        params instanceof Map ? (Map<String, Object>) params : null);
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable: still a run, of unknown method
        }
        return new EarlierRun(file, null, null);
    }

    /** "an earlier md.run run (result.json)". */
    String describe() {
        return "an earlier " + (methodId == null ? "" : methodId + " ") + "run (" + file.getFileName() + ")";
    }
}
