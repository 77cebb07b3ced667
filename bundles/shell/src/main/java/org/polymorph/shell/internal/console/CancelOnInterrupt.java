package org.polymorph.shell.internal.console;

import org.jline.terminal.Terminal;
import org.polymorph.shell.internal.run.ForegroundRuns;

/**
 * The console's Ctrl-C (SIGINT) handler while a command runs: cancels the run the session waits for through the
 * run engine, so that the {@code run} command reports how it ended and how to resume before the prompt returns.
 * Without such a run, the console's own handler (which interrupts the foreground command) gets the signal.
 */
final class CancelOnInterrupt implements Terminal.SignalHandler {
    private final Object session;
    private final ForegroundRuns runs;
    private volatile Terminal.SignalHandler console;

    CancelOnInterrupt(Object session, ForegroundRuns runs) {
        this.session = session;
        this.runs = runs;
    }

    /** Puts this handler in front of the terminal's current SIGINT handler, unless it is there already. */
    void install(Terminal terminal) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, this);
        if (previous != this) console = previous;
    }

    @Override
    public void handle(Terminal.Signal signal) {
        if (runs.cancel(session)) return;
        Terminal.SignalHandler next = console;
        // SIG_DFL and SIG_IGN are markers for the JVM's own handling, not handlers to call
        if (next != null && next != Terminal.SignalHandler.SIG_DFL && next != Terminal.SignalHandler.SIG_IGN) {
            next.handle(signal);
        }
    }
}
