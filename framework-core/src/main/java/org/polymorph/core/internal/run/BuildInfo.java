package org.polymorph.core.internal.run;

import java.util.Dictionary;

/**
 * Facts embedded at build time in the core bundle's manifest: the header {@value #GIT_COMMIT_HEADER}
 * is written by bnd from {@code git rev-parse HEAD} when the bundle is built ("unknown" outside a git
 * checkout). Nothing here runs git.
 */
public final class BuildInfo {
    public static final String GIT_COMMIT_HEADER = "Polymorph-Git-Commit";
    static final String UNKNOWN = "unknown";

    private BuildInfo() { }

    /** The git commit in {@code headers} (a bundle's manifest), or "unknown". */
    public static String gitCommit(Dictionary<String, String> headers) {
        String commit = headers == null ? null : headers.get(GIT_COMMIT_HEADER);
        return commit != null && commit.strip().matches("[0-9a-f]{7,64}") ? commit.strip() : UNKNOWN;
    }
}
