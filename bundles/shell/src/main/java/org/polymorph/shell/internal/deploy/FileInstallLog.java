package org.polymorph.shell.internal.deploy;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Felix FileInstall's log into Log4j. FileInstall writes to the java.util.logging logger {@value #JUL_LOGGER}
 * ({@code felix.fileinstall.log.default=jul} in conf/config.properties), which by itself reaches only the console;
 * attached to it, this handler passes every record to the Log4j logger {@value #LOG4J_LOGGER}, so that install,
 * start, update and removal messages and errors land in logs/polymorph.log, and on the console as conf/log4j2.xml
 * says. While attached, the JUL logger no longer hands records to JUL's own console handler (printed once).
 */
public final class FileInstallLog extends Handler {
    /** The java.util.logging logger FileInstall writes to. */
    public static final String JUL_LOGGER = "fileinstall";
    /** The Log4j logger its records go to. */
    public static final String LOG4J_LOGGER = "org.apache.felix.fileinstall";

    /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose this handler. */
    private final java.util.logging.Logger source = java.util.logging.Logger.getLogger(JUL_LOGGER);
    private final Logger target = LogManager.getLogger(LOG4J_LOGGER);

    /** Attaches a new bridge to FileInstall's logger; undo with {@link #detach}. */
    public static FileInstallLog attach() {
        FileInstallLog bridge = new FileInstallLog();
        bridge.source.addHandler(bridge);
        bridge.source.setUseParentHandlers(false);
        return bridge;
    }

    public void detach() {
        source.removeHandler(this);
        source.setUseParentHandlers(true);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getMessage() == null) return;
        target.log(level(record.getLevel()), withCause(record.getMessage(), record.getThrown()), record.getThrown());
    }

    /**
     * The message and, when an exception came with it, the message of its root cause: FileInstall's "Error while
     * starting bundle: file:…" says what failed, the cause (an activator's own exception) why, on one console line.
     */
    static String withCause(String message, Throwable thrown) {
        if (thrown == null) return message;
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? message : message + ": " + root.getMessage();
    }

    /** SEVERE → ERROR, WARNING → WARN, INFO → INFO, CONFIG and FINE → DEBUG, finer → TRACE. */
    static Level level(java.util.logging.Level jul) {
        int v = jul.intValue();
        if (v >= java.util.logging.Level.SEVERE.intValue()) return Level.ERROR;
        if (v >= java.util.logging.Level.WARNING.intValue()) return Level.WARN;
        if (v >= java.util.logging.Level.INFO.intValue()) return Level.INFO;
        if (v >= java.util.logging.Level.FINE.intValue()) return Level.DEBUG;
        return Level.TRACE;
    }

    @Override
    public void flush() { }

    @Override
    public void close() {
        detach();
    }
}
