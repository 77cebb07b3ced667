package org.polymorph.shell.internal.run;

import java.io.PrintStream;
import java.util.function.Consumer;
import org.polymorph.core.run.RunFailedException;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.RunState;

/**
 * A run the user waits for (Gogo {@code run}, the headless CLI): progress printed to {@code progress},
 * ending at 100 % when the run returns ok,
 * and an interrupt of the waiting thread (Ctrl-C in Gogo) cancels the run and waits for it to stop.
 */
public final class ForegroundRun {
    private ForegroundRun() { }

    public static RunOutcome run(RunService service, RunRequest request, PrintStream progress) throws RunFailedException {
        return run(service, request, progress, handle -> { });
    }

    /** As {@link #run(RunService, RunRequest, PrintStream)}; {@code submitted} gets the run's handle first. */
    public static RunOutcome run(RunService service, RunRequest request, PrintStream progress,
                                 Consumer<RunHandle> submitted) throws RunFailedException {
        try (ProgressPrinter printer = ProgressPrinter.forStream(progress)) {
            RunHandle handle = service.submit(request, e -> {
                if (e.state() == RunState.RUNNING && (e.total() > 0 || !e.message().isEmpty())) {
                    printer.update(e.done(), e.total(), e.message());
                }
            });
            submitted.accept(handle);
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        RunOutcome outcome = handle.await();
                        printer.finish();
                        return outcome;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        handle.cancel();
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }
}
