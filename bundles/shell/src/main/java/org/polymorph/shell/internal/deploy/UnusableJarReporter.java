package org.polymorph.shell.internal.deploy;

import java.io.File;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.apache.felix.fileinstall.ArtifactInstaller;

/**
 * Reports a {@code *.jar} dropped into FileInstall's folder that FileInstall cannot install (a truncated copy, a
 * plain library jar): registered as a FileInstall {@link ArtifactInstaller}, it claims exactly those files, so
 * FileInstall hands them to it instead of skipping them without a word, and it writes the reason as an error on
 * FileInstall's own log ({@link FileInstallLog#JUL_LOGGER}, hence logs/polymorph.log and the console),
 * with the file's URI and the reason as the record's parameters, for the headless launcher. When the file is
 * replaced by a valid bundle, this installer stops claiming it and FileInstall installs it as usual.
 */
public final class UnusableJarReporter implements ArtifactInstaller {
    /** Held: java.util.logging keeps loggers weakly. */
    private final java.util.logging.Logger log = java.util.logging.Logger.getLogger(FileInstallLog.JUL_LOGGER);

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && UnusableJar.reason(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
        report(artifact);
    }

    @Override
    public void update(File artifact) {
        report(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        // nothing was installed for it
    }

    private void report(File artifact) {
        Optional<String> reason = UnusableJar.reason(artifact);
        if (reason.isEmpty()) return;
        LogRecord record = new LogRecord(Level.SEVERE, display(artifact) + ": " + reason.get()
                + "; FileInstall cannot install it: replace it with a complete OSGi bundle jar");
        record.setLoggerName(log.getName());
        record.setParameters(new Object[] {artifact.toURI().toString(), reason.get()});
        log.log(record);
    }

    /** {@code deploy/name.jar}: the folder's own name and the file name. */
    static String display(File artifact) {
        File dir = artifact.getAbsoluteFile().getParentFile();
        return (dir == null ? "" : dir.getName() + "/") + artifact.getName();
    }
}
