package org.polymorph.cluster.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.cluster.internal.Answer.Status;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.run.ErrorText;

/**
 * The member's side of a work item: verifies the coordinator's signature (a mismatch is rejected and logged), looks
 * up the item's {@link WorkKind} among this member's services (absent: declined), runs it
 * ({@link WorkKind#runCanonical}) and returns the signed {@link Answer}. Counts what it runs, for the cluster view.
 */
public final class WorkRunner {
    private static final Logger LOG = LogManager.getLogger(WorkRunner.class);

    private final Signer signer;
    private final Function<String, Optional<WorkKind>> kinds;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong done = new AtomicLong();

    /** @param kinds this member's work kind of a name, if it has one */
    public WorkRunner(Signer signer, Function<String, Optional<WorkKind>> kinds) {
        this.signer = signer;
        this.kinds = kinds;
    }

    /**
     * Handles one item sent by {@code from}.
     *
     * @param itemJson the item ({@link WorkItem#toJson()})
     * @param signature the coordinator's signature over {@code job} and {@code itemJson}
     * @return the signed answer
     */
    public String handle(String job, String itemJson, String signature, String from) {
        if (!signer.verify(job, itemJson, signature)) {
            LOG.warn("rejected a work item of job {} from {}: its signature does not verify against this member's cluster secret"
                    + " (altered in transit, or sent by a process with another secret)", job, from);
            return new Answer(idOf(itemJson), Status.REJECTED, null, "the item's signature does not verify").signed(signer, job);
        }
        WorkItem item = WorkItem.fromJson(itemJson);
        Optional<WorkKind> kind = kinds.apply(item.kind());
        if (kind.isEmpty()) {
            LOG.info("declined work item {} of job {}: no bundle here provides the work kind '{}'", item.id(), job, item.kind());
            return new Answer(item.id(), Status.DECLINED, null, "no bundle on this member provides the work kind '" + item.kind() + "'")
                    .signed(signer, job);
        }
        running.incrementAndGet();
        LOG.info("running work item {} of job {} ({}) for {}", item.id(), job, item.kind(), from);
        long t0 = System.nanoTime();
        try {
            Map<String, Object> result = WorkKind.runCanonical(kind.get(), item, Progress.NONE);
            LOG.info("ran work item {} of job {} ({}) in {} s", item.id(), job, item.kind(), String.format("%.3f", (System.nanoTime() - t0) * 1e-9));
            return new Answer(item.id(), Status.OK, result, "").signed(signer, job);
        } catch (BadInputException e) {
            return new Answer(item.id(), Status.BAD_INPUT, null, e.getMessage()).signed(signer, job);
        } catch (RuntimeException e) {
            LOG.warn("work item {} of job {} failed: {}", item.id(), job, ErrorText.of(e), e);
            return new Answer(item.id(), Status.FAILED, null, ErrorText.of(e)).signed(signer, job);
        } finally {
            running.decrementAndGet();
            done.incrementAndGet();
        }
    }

    /** Items running here now. */
    public int running() { return running.get(); }

    /** Items run here since the member started. */
    public long done() { return done.get(); }

    /** The item's id for a rejection, without trusting the text any further. */
    private static String idOf(String itemJson) {
        try {
            return WorkItem.fromJson(itemJson).id();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
