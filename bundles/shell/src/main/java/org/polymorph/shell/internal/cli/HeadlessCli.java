package org.polymorph.shell.internal.cli;

import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.runtime.Json;
import org.polymorph.shell.internal.registry.BackendSource;
import org.polymorph.shell.internal.run.ForegroundRun;
import org.polymorph.shell.internal.text.BackendViews;
import org.polymorph.shell.internal.text.MethodViews;
import org.polymorph.shell.internal.text.ResultViews;
import org.polymorph.shell.internal.text.Table;

/**
 * The headless command line over the {@link RunService}, registered as {@code Function<Object, Integer>} with
 * {@code polymorph.cli=true}; the launcher calls it and exits with the returned code (see {@link ExitCodes}). It is
 * applied to {@code new Object[] {String[] args, PrintStream out, PrintStream err}} (only java.* types cross from the
 * launcher's class path into the framework), so that each command prints to its own streams, never to the
 * JVM-wide System.out/err; a bare {@code String[]} prints to System.out/err. With {@code --json}, stdout carries only JSON; progress and errors
 * always go to stderr, errors as one line {@code error: ...}.
 */
public final class HeadlessCli implements Function<Object, Integer> {
    public static final String CLI_PROPERTY = "polymorph.cli";
    private static final Logger LOG = LogManager.getLogger(HeadlessCli.class);

    private final RunService runs;
    private final BackendSource backends;

    @Inject
    public HeadlessCli(RunService runs, BackendSource backends) {
        this.runs = runs;
        this.backends = backends;
    }

    @Override
    public Integer apply(Object call) {
        if (call instanceof String[] args) return execute(args, System.out, System.err);
        if (call instanceof Object[] a && a.length == 3 && a[0] instanceof String[] args
                && a[1] instanceof PrintStream out && a[2] instanceof PrintStream err) {
            return execute(args, out, err);
        }
        throw new IllegalArgumentException("the CLI service takes String[] or {String[] args, PrintStream out, PrintStream err}");
    }

    /** Runs one command line; never throws. */
    public int execute(String[] args, PrintStream out, PrintStream err) {
        CliArgs cli = null;
        try {
            cli = CliArgs.parse(args);
            dispatch(cli, out, err);
            return ExitCodes.OK;
        } catch (RunFailedException e) {
            if (cli.json() && e.resultJson() != null) out.print(e.resultJson());
            return fail(e, err);
        } catch (Exception | LinkageError | VirtualMachineError e) {
            return fail(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void dispatch(CliArgs cli, PrintStream out, PrintStream err) throws Exception {
        switch (cli.command()) {
            case "run": run(cli, out, err); break;
            case "methods":
                noMoreWords(cli, 0);
                out.print(cli.json() ? Json.write(MethodViews.methodsJson(runs.methods().all()), true) + "\n"
                        : MethodViews.methodsTable(runs.methods().all(), width()));
                break;
            case "describe": {
                noMoreWords(cli, 1);
                String id = methodId(cli, "describe <id>");
                MethodEntry m = runs.methods().require(id);
                out.print(cli.json() ? Json.write(MethodViews.describeJson(id, m.method()), true) + "\n"
                        : MethodViews.describe(id, m.method(), width()));
                break;
            }
            case "backend":
                noMoreWords(cli, 0);
                out.print(cli.json() ? Json.write(BackendViews.json(backends), true) + "\n" : BackendViews.text(backends));
                break;
            default:
                throw new BadInputException("unknown command '" + cli.command() + "'; commands are run, methods, describe, backend; "
                        + CliArgs.USAGE);
        }
        if (cli.out() != null && !cli.command().equals("run")) {
            err.println("warning: --out applies to run only; ignored");
        }
    }

    private void run(CliArgs cli, PrintStream out, PrintStream err) throws Exception {
        String id = methodId(cli, "run <id> [key=value ...]");
        List<String> kv = cli.words().subList(1, cli.words().size());
        RunOutcome outcome = ForegroundRun.run(runs, RunRequest.of(id, kv, cli.out()), err);
        if (cli.json()) {
            err.print(ResultViews.warnings(outcome.result()));   // stdout stays one JSON document; result.json holds them too
            out.print(outcome.resultJson());
        } else {
            out.print(ResultViews.runReport(id, outcome.result(), outcome.wallSeconds(), outcome.runDirectory().toString()));
        }
    }

    /** Tables fit $COLUMNS where the calling shell exports it, else {@link Table#DEFAULT_WIDTH}. */
    private static int width() {
        return Table.width(System.getenv("COLUMNS"));
    }

    private static String methodId(CliArgs cli, String usage) {
        if (cli.words().isEmpty()) {
            throw new BadInputException("'" + cli.command() + "' needs a method id: " + usage + " (see: polymorph methods)");
        }
        return cli.words().get(0);
    }

    private static void noMoreWords(CliArgs cli, int allowed) {
        if (cli.words().size() > allowed) {
            throw new BadInputException("unexpected argument '" + cli.words().get(allowed) + "' for '" + cli.command()
                    + "'; " + CliArgs.USAGE);
        }
    }

    private static int fail(Throwable e, PrintStream err) {
        int code = ExitCodes.of(e);
        // the user sees one line; the stack trace goes to the log file only (INFO: not echoed on stderr)
        if (code == ExitCodes.FAILURE) LOG.info("command failed", e);
        err.println("error: " + ExitCodes.message(e));
        return code;
    }
}
