package org.polymorph.server.internal.runs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.polymorph.core.method.BadInputException;

/**
 * A run as the server knows it; an immutable snapshot.
 *
 * @param id server run id {@code <yyyyMMdd-HHmmss>-<method id>-<4 hex>}, also the folder name under the runs folder
 * @param methodId the Method's id
 * @param params raw key=value strings as submitted (what a resume submits again), in their order
 * @param runDirectory {@code <runs folder>/<id>}
 * @param state where it stands
 * @param done progress units done (steps, images, epochs); 0 when unknown
 * @param total progress units in all; 0 when unknown
 * @param message the last progress message, or the error text of a run that ended without a result
 * @param submitted when it was submitted
 * @param started when its latest attempt started running, or null
 * @param finished when its latest attempt ended, or null
 * @param resumable its Method has a {@code resume} parameter (it checkpoints)
 * @param attempts 1 + the number of resumes
 */
public record RunRecord(String id, String methodId, Map<String, String> params, Path runDirectory, RunStatus state,
                        long done, long total, String message, Instant submitted, Instant started, Instant finished,
                        boolean resumable, int attempts) {
    public RunRecord {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        message = message == null ? "" : message;
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * A fresh run id, {@code <yyyyMMdd-HHmmss>-<method id>-<4 hex>} (the time in the clock's zone; characters of the
     * method id outside {@code [A-Za-z0-9._-]} become '_'): a folder name, not {@code taken}.
     */
    static String newId(Clock clock, String methodId, Predicate<String> taken) {
        String base = STAMP.format(clock.instant().atZone(clock.getZone())) + "-" + methodId.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
        for (int attempt = 0; attempt < 100_000; attempt++) {
            String id = base + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            if (!taken.test(id)) return id;
        }
        throw new IllegalStateException("no free run id for " + methodId + " in this second; submit again");
    }

    /** A new run, queued at {@code now}. */
    static RunRecord queued(String id, String methodId, Map<String, String> params, Path runDirectory, boolean resumable,
                            Instant now) {
        return new RunRecord(id, methodId, params, runDirectory, RunStatus.QUEUED, 0, 0, "queued", now, null, null,
                resumable, 1);
    }

    /**
     * This run, which must be interrupted or cancelled and of a Method that checkpoints, to be resumed.
     *
     * @throws BadInputException saying why it cannot be resumed
     */
    RunRecord checkResumable() {
        if (state != RunStatus.INTERRUPTED && state != RunStatus.CANCELLED) {
            throw new BadInputException("run " + id + " is " + state.id() + "; only an interrupted or cancelled run can be resumed"
                    + (state.done() ? "; submit a new run instead" : ""));
        }
        if (!resumable) {
            throw new BadInputException("run " + id + " cannot be resumed: " + methodId + " keeps no checkpoint (it has no"
                    + " 'resume' parameter); submit it again as a new run");
        }
        return this;
    }

    /** This run queued again for another attempt (a resume). */
    RunRecord requeued() {
        return new RunRecord(id, methodId, params, runDirectory, RunStatus.QUEUED, 0, 0, "queued", submitted, null, null,
                resumable, attempts + 1);
    }

    /** This run running since {@code now}. */
    RunRecord running(Instant now) {
        return new RunRecord(id, methodId, params, runDirectory, RunStatus.RUNNING, 0, 0, "", submitted, now, null,
                resumable, attempts);
    }

    /** This run with a progress report. */
    RunRecord progress(long newDone, long newTotal, String newMessage) {
        return new RunRecord(id, methodId, params, runDirectory, state, newDone, newTotal, newMessage, submitted, started,
                finished, resumable, attempts);
    }

    /** This run ended in {@code end} at {@code now} (null when not known). */
    RunRecord ended(RunStatus end, String newMessage, Instant now) {
        return new RunRecord(id, methodId, params, runDirectory, end, done, total, newMessage, submitted, started, now,
                resumable, attempts);
    }
}
