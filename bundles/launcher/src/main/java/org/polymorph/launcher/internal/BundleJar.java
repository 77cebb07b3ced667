package org.polymorph.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One jar under {@code bundle/<level>-<name>/}.
 *
 * @param level start level taken from the folder's number
 * @param path  absolute path of the jar
 */
public record BundleJar(int level, Path path) {

    /** Installed by reference: Felix reads the jar in place instead of copying it into its cache. */
    public String location() {
        return "reference:" + path.toUri();
    }

    /** Size and modification time; a rebuilt jar gets a new fingerprint and is updated in the cache. */
    public String fingerprint() throws IOException {
        return Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis();
    }
}
