package org.polymorph.launcher.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.framework.BundleException;

/**
 * The failures FileInstall reports for the jars of its folder, read from its log: FileInstall writes to the
 * java.util.logging logger {@value #LOGGER} ({@code felix.fileinstall.log.default=jul}); an error naming a jar's
 * location ({@code Error while starting bundle: file:/…/x.jar}, with the exception) or carrying it and the reason as
 * the record's parameters (the shell bundle's report on a jar FileInstall cannot install) is kept as that jar's reason.
 */
final class DeployFailures extends Handler {
    static final String LOGGER = "fileinstall";

    /** Held while attached: java.util.logging keeps loggers weakly, and a collected logger would lose this handler. */
    private Logger source;
    /** location (file URI) → reason, the latest one. */
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Runnable onFailure;

    DeployFailures(Runnable onFailure) {
        this.onFailure = onFailure;
    }

    void attach() {
        source = Logger.getLogger(LOGGER);
        source.addHandler(this);
    }

    void detach() {
        if (source != null) {
            source.removeHandler(this);
        }
    }

    /** The reason recorded for {@code jar}, if FileInstall reported one. */
    Optional<String> reason(Path jar) {
        for (Map.Entry<String, String> e : reasons.entrySet()) {
            if (DeployedBundles.isLocationOf(e.getKey(), jar)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getLevel().intValue() < Level.WARNING.intValue() || record.getMessage() == null) {
            return;
        }
        String location = location(record);
        if (location == null) {
            return;
        }
        reasons.put(location, reason(record));
        onFailure.run();
    }

    /** The record's parameter if it is a file URI, else the first {@code file:} word of its message. */
    static String location(LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length > 0 && params[0] instanceof String s && s.startsWith("file:")) {
            return s;
        }
        String message = record.getMessage();
        int start = message.indexOf("file:");
        if (start < 0) {
            return null;
        }
        int end = start;
        while (end < message.length() && !Character.isWhitespace(message.charAt(end))) {
            end++;
        }
        return message.substring(start, end);
    }

    /**
     * What went wrong: the record's second parameter (the shell's report), else the exception's message (for an
     * activator's failure, the message of what it threw), else the record's message.
     */
    static String reason(LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length > 1 && params[1] instanceof String s) {
            return s;
        }
        Throwable thrown = record.getThrown();
        if (thrown == null) {
            return record.getMessage();
        }
        if (thrown instanceof BundleException b && b.getType() == BundleException.ACTIVATOR_ERROR) {
            Throwable cause = b.getCause() == null ? b : b.getCause();
            return "its activator failed: " + (cause.getMessage() == null ? "no message" : cause.getMessage());
        }
        return thrown.getMessage() == null ? record.getMessage() : thrown.getMessage();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        detach();
    }
}
