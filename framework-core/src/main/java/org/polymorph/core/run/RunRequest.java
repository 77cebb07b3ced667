package org.polymorph.core.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run.
 *
 * @param methodId the Method's id
 * @param params raw key=value parameters, validated against the Method's specs on submission
 * @param runDirectory the run directory ({@code --out}; relative to the user's working directory), or
 *     null for a fresh {@code runs/<yyyyMMdd-HHmmss-SSS>-<id>/}
 * @param resume continue the earlier run in {@code runDirectory} (the same as the parameter
 *     {@code resume=true} of a Method that has it)
 */
public record RunRequest(String methodId, Map<String, String> params, Path runDirectory, boolean resume) {
    public RunRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A request from command-line words {@code key=value ...} (see {@link KeyValueArgs}); resume as the words say. */
    public static RunRequest of(String methodId, List<String> keyValues, Path runDirectory) {
        return new RunRequest(methodId, KeyValueArgs.parse(methodId, keyValues), runDirectory, false);
    }
}
