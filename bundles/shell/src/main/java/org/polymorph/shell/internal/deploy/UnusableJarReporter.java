package org.polymorph.shell.internal.deploy;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.apache.felix.fileinstall.ArtifactInstaller;

/**
 * Reports a {@code *.jar} in FileInstall's folder that FileInstall cannot install (a truncated copy, a plain library
 * jar), which FileInstall itself skips without a word. Registered as a FileInstall {@link ArtifactInstaller}, it is
 * asked {@link #canHandle} about every file no installer takes, again on each poll; it answers no, so that FileInstall
 * keeps asking and installs the file as soon as it has become a complete bundle, and it writes the reason as an error
 * on FileInstall's own log ({@link FileInstallLog#JUL_LOGGER}, hence logs/polymorph.log and the console) once per
 * version of the file (its time stamp and length), with the file's URI and the reason as the record's parameters for
 * the headless launcher.
 */
public final class UnusableJarReporter implements ArtifactInstaller {
    /** Held: java.util.logging keeps loggers weakly. */
    private final java.util.logging.Logger log = java.util.logging.Logger.getLogger(FileInstallLog.JUL_LOGGER);
    /** file → "time stamp:length" of the version last reported. */
    private final Map<File, String> reported = new ConcurrentHashMap<>();

    @Override
    public boolean canHandle(File artifact) {
        reported.keySet().removeIf(f -> !f.exists());
        if (!artifact.getName().endsWith(".jar")) return false;
        Optional<String> reason = UnusableJar.reason(artifact);
        if (reason.isEmpty()) {
            reported.remove(artifact);
            return false;
        }
        String version = artifact.lastModified() + ":" + artifact.length();
        if (!version.equals(reported.put(artifact, version))) report(artifact, reason.get());
        return false;
    }

    /** Never called: {@link #canHandle} takes no file. */
    @Override
    public void install(File artifact) {
    }

    /** Never called: {@link #canHandle} takes no file. */
    @Override
    public void update(File artifact) {
    }

    /** Never called: {@link #canHandle} takes no file. */
    @Override
    public void uninstall(File artifact) {
    }

    private void report(File artifact, String reason) {
        LogRecord record = new LogRecord(Level.SEVERE, display(artifact) + ": " + reason
                + "; FileInstall cannot install it: replace it with a complete OSGi bundle jar");
        record.setLoggerName(log.getName());
        record.setParameters(new Object[] {artifact.toURI().toString(), reason});
        log.log(record);
    }

    /** {@code deploy/name.jar}: the folder's own name and the file name. */
    static String display(File artifact) {
        File dir = artifact.getAbsoluteFile().getParentFile();
        return (dir == null ? "" : dir.getName() + "/") + artifact.getName();
    }
}
