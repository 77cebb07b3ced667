package org.polymorph.server.internal.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Records the ERROR events logged while it is open. */
final class ErrorLog implements AutoCloseable {
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender = new AbstractAppender("test-errors", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent e) {
            if (e.getLevel().isMoreSpecificThan(Level.ERROR)) errors.add(e.getLoggerName() + ": " + e.getMessage().getFormattedMessage());
        }
    };

    ErrorLog() {
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ERROR, null);
        context.updateLoggers();
    }

    List<String> errors() { return List.copyOf(errors); }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
