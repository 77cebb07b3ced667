package org.polymorph.core.run;

import java.nio.file.Path;
import org.polymorph.core.method.Result;

/**
 * A run that finished with a result.
 *
 * @param runId the run's id
 * @param methodId id the method was run under
 * @param result what the method returned
 * @param runDirectory absolute path of the run directory
 * @param wallSeconds wall time of {@code Method.run}, s
 * @param resultJson the text of result.json as written
 */
public record RunOutcome(String runId, String methodId, Result result, Path runDirectory, double wallSeconds, String resultJson) { }
