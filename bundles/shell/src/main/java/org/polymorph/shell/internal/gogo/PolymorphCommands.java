package org.polymorph.shell.internal.gogo;

import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;
import org.polymorph.shell.internal.cli.CliArgs;
import org.polymorph.shell.internal.cli.ExitCodes;
import org.polymorph.shell.internal.registry.BackendSource;
import org.polymorph.shell.internal.run.ForegroundRun;
import org.polymorph.shell.internal.run.ForegroundRuns;
import org.polymorph.shell.internal.text.BackendViews;
import org.polymorph.shell.internal.text.MethodViews;
import org.polymorph.shell.internal.text.ResultViews;
import org.polymorph.shell.internal.text.ResumeHint;
import org.polymorph.shell.internal.text.RunViews;
import org.polymorph.shell.internal.text.Table;

/**
 * Gogo commands of scope {@code polymorph}, over the {@link RunService}. Output goes to the command's
 * {@code System.out} (Gogo points it at the session or pipe); progress to the session console. Errors
 * are printed as one readable {@code error: ...} line instead of a stack trace; failures are also logged.
 */
public final class PolymorphCommands {
    public static final String SCOPE = "polymorph";
    public static final String[] FUNCTIONS = {"methods", "describe", "run", "jobs", "backend"};
    private static final Logger LOG = LogManager.getLogger(PolymorphCommands.class);

    private final RunService runs;
    private final BackendSource backends;
    private final ForegroundRuns foreground;

    /** Commands whose runs no console cancels on Ctrl-C (an interrupt of the command still does). */
    public PolymorphCommands(RunService runs, BackendSource backends) {
        this(runs, backends, new ForegroundRuns());
    }

    @Inject
    public PolymorphCommands(RunService runs, BackendSource backends, ForegroundRuns foreground) {
        this.runs = runs;
        this.backends = backends;
        this.foreground = foreground;
    }

    @Descriptor("list the registered methods: id and one-line description")
    public void methods(CommandSession session) {
        PrintStream out = System.out;
        guarded(() -> out.print(MethodViews.methodsTable(runs.methods().all(), width(session))));
    }

    @Descriptor("show a method's parameters: name, type, default, unit, range, description")
    public void describe(CommandSession session, @Descriptor("method id, e.g. tensor.info") String... args) {
        PrintStream out = System.out;
        guarded(() -> {
            if (args.length != 1) throw new BadInputException("usage: describe <id> (see: methods)");
            out.print(MethodViews.describe(args[0], runs.methods().require(args[0]).method(), width(session)));
        });
    }

    @Descriptor("run a method: run <id> key=value ... [--out DIR] [--json]; prints a summary and the run directory;"
            + " Ctrl-C cancels it and says how to resume")
    public void run(CommandSession session,
                    @Descriptor("method id, then key=value parameters") String... args) {
        PrintStream out = System.out;
        guarded(() -> {
            List<String> words = new ArrayList<>(List.of("run"));
            words.addAll(List.of(args));
            CliArgs cli = CliArgs.parse(words.toArray(String[]::new));
            if (cli.words().isEmpty()) throw new BadInputException("usage: run <id> key=value ... [--out DIR] (see: methods)");
            String id = cli.words().get(0);
            List<String> kv = cli.words().subList(1, cli.words().size());
            RunOutcome outcome;
            try {
                outcome = ForegroundRun.run(runs, RunRequest.of(id, kv, cli.out()), session.getConsole(),
                        handle -> foreground.started(session, handle));
            } catch (RunFailedException e) {
                if (e.state() != RunState.CANCELLED) throw e;
                System.err.println("error: " + ExitCodes.message(e));
                out.println(ResumeHint.of(runs.methods().require(id).method(), id, kv, e.runDirectory()));
                return;
            } finally {
                foreground.ended(session);
            }
            out.print(cli.json() ? outcome.resultJson()
                    : ResultViews.runReport(id, outcome.result(), outcome.wallSeconds(), outcome.runDirectory().toString()));
        });
    }

    @Descriptor("list the runs of this session: id, method, state, progress, run directory")
    public void jobs(CommandSession session) {
        PrintStream out = System.out;
        guarded(() -> out.print(RunViews.jobsTable(runs.runs(), width(session))));
    }

    @Descriptor("show every registered TensorService (the active one first): ranking, device, versions, BLAS, threads, for cuda the GPU; the absent ones and why; choose one per run with backend=")
    public void backend() {
        PrintStream out = System.out;
        guarded(() -> out.print(BackendViews.text(backends)));
    }

    /**
     * The terminal's width: the session's {@code COLUMNS} (the Gogo JLine shell computes it from its terminal),
     * else {@link Table#DEFAULT_WIDTH}.
     */
    private static int width(CommandSession session) {
        return Table.width(session.get("COLUMNS"));
    }

    private static void guarded(Action action) {
        try {
            action.run();
        } catch (Exception | LinkageError e) {
            // the user sees one line; the stack trace goes to the log file only (INFO: not echoed on the console)
            if (ExitCodes.of(e) != ExitCodes.BAD_INPUT) LOG.info("polymorph command failed", e);
            System.err.println("error: " + ExitCodes.message(e));
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
