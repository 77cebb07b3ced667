package org.polymorph.shell.internal.run;

import java.nio.file.Path;

/** A method threw while running; result.json with status "failed" was written to the run directory. */
public final class RunFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path runDirectory;
    private final String resultJson;

    public RunFailedException(String methodId, Path runDirectory, String resultJson, Throwable cause) {
        super("method '" + methodId + "' failed: " + describe(cause) + " (details: " + runDirectory.resolve("result.json")
                + ")", cause);
        this.runDirectory = runDirectory;
        this.resultJson = resultJson;
    }

    public Path runDirectory() { return runDirectory; }

    /** The failed result.json text, or null when it could not be written. */
    public String resultJson() { return resultJson; }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        String type = t.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }
}
