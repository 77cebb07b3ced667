package org.polymorph.shell.internal.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.polymorph.shell.internal.run.ForegroundRuns;

/**
 * Fits the interactive console (Gogo's JLine shell) to Polymorph, once per session, on the first command that
 * session executes: its login profile runs before the first prompt, so the setup is in place when the user types.
 * It adds the Polymorph {@link Completions} in front of the console's completer, and keeps the history in
 * {@code ~/.polymorph/history} (JLine reads the file at the first prompt and appends each line as it is entered)
 * instead of Gogo's {@code ~/.gogo.history}. Before each command it puts {@link CancelOnInterrupt} in front of
 * the console's Ctrl-C handler (the console installs its own once its prompt loop starts, after the profile).
 * After the profile, it puts the {@code polymorph} scope first in the session's command search path
 * ({@code SCOPE}), so that {@code jobs} and {@code exit} are Polymorph's (Gogo's job control stays reachable as
 * {@code gogo:jobs}); a {@code SCOPE} the user sets later is left as set.
 *
 * <p>Registered as a Gogo {@link CommandSessionListener} (a whiteboard service of the Gogo runtime); sessions
 * without a line reader (the headless CLI, scripts) are left alone.
 */
public final class ConsoleSetup implements CommandSessionListener {
    /** Gogo's session variable holding the console's LineReader. */
    static final String READER = ".reader";
    /** Gogo's session variable holding the console's terminal. */
    static final String TERMINAL = ".terminal";
    /** Gogo's session variable: the command scopes searched in order, separated by ':'. */
    static final String SCOPE = "SCOPE";
    private static final String POLYMORPH_FIRST = "polymorph:";
    private static final Logger LOG = LogManager.getLogger(ConsoleSetup.class);

    private final Completions completions;
    private final Path history;
    private final ForegroundRuns foreground;
    private final Map<CommandSession, CancelOnInterrupt> interrupts = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<CommandSession> scoped = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    /**
     * @param history the history file, e.g. {@code ~/.polymorph/history}
     * @param foreground the runs the sessions' {@code run} commands wait for
     */
    public ConsoleSetup(Completions completions, Path history, ForegroundRuns foreground) {
        this.completions = completions;
        this.history = history;
        this.foreground = foreground;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        attach(session);
        if (session.get(TERMINAL) instanceof Terminal terminal && session.get(READER) instanceof LineReaderImpl) {
            interrupts.computeIfAbsent(session, s -> new CancelOnInterrupt(s, foreground)).install(terminal);
        }
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        afterExecute(session);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        afterExecute(session);
    }

    /** After the session's first command (its profile): the Polymorph commands first. */
    private void afterExecute(CommandSession session) {
        attach(session);
        if (session.get(READER) instanceof LineReaderImpl && scoped.add(session)) {
            Object scope = session.get(SCOPE);
            String now = scope == null ? "*" : scope.toString();
            if (!now.startsWith(POLYMORPH_FIRST)) session.put(SCOPE, POLYMORPH_FIRST + now);
        }
    }

    /** Installs the completer and the history file on the session's reader, unless done already. */
    void attach(CommandSession session) {
        if (!(session.get(READER) instanceof LineReaderImpl reader)) return;
        synchronized (reader) {
            if (reader.getCompleter() instanceof PolymorphCompleter) return;
            reader.setCompleter(new PolymorphCompleter(completions, reader.getCompleter()));
            try {
                Files.createDirectories(history.getParent());
                session.put(LineReader.HISTORY_FILE, history);
            } catch (IOException e) {
                LOG.warn("command history stays in memory: {} cannot be created ({})", history.getParent(), e.getMessage());
            }
        }
    }
}
