package org.polymorph.server.internal.runs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A run as the server knows it; immutable snapshot. */
public record RunRecord(String id, String methodId, Map<String, String> params, Path runDirectory, RunStatus state,
                        long done, long total, String message, Instant submitted, Instant started, Instant finished,
                        boolean resumable, int attempts) { }
