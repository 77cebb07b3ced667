package org.polymorph.core.run;

import java.nio.file.Path;

/**
 * A run ended without a result: the Method threw, rejected its input while running, or was
 * cancelled. {@link #state()} says which; {@link #getCause()} is what the Method threw. The message
 * names no Java class (see {@link ErrorText}).
 */
public final class RunFailedException extends Exception {
    private static final long serialVersionUID = 2L;

    private final String runId;
    private final RunState state;
    private final transient Path runDirectory;
    private final String resultJson;

    /**
     * @param resultJson the text of result.json as written, or null when none was written (a refused
     *     resume leaves the earlier one as it was)
     */
    public RunFailedException(String runId, String methodId, RunState state, Path runDirectory, String resultJson, Throwable cause) {
        super(message(methodId, state, runDirectory, resultJson, cause), cause);
        this.runId = runId;
        this.state = state;
        this.runDirectory = runDirectory;
        this.resultJson = resultJson;
    }

    public String runId() { return runId; }

    /** FAILED, BAD_INPUT or CANCELLED. */
    public RunState state() { return state; }

    public Path runDirectory() { return runDirectory; }

    /** The result.json text written for this run, or null when none was written. */
    public String resultJson() { return resultJson; }

    private static String message(String methodId, RunState state, Path dir, String resultJson, Throwable cause) {
        String details = resultJson == null ? "" : " (details: " + dir.resolve("result.json") + ")";
        switch (state) {
            case BAD_INPUT: return ErrorText.of(cause) + details;
            case CANCELLED: return "method '" + methodId + "' was cancelled: " + ErrorText.of(cause) + details;
            default: return "method '" + methodId + "' failed: " + ErrorText.of(cause) + details;
        }
    }
}
