package org.polymorph.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * One work item on its way to a member through Hazelcast's executor: text only (the job id, the item's JSON, the
 * coordinator's signature and its member id), so no class but this one crosses the wire. On the member it hands the
 * text to that member's {@link WorkRunner}, found in the instance's user context under {@value #RUNNER}.
 */
public final class ItemTask implements Callable<String>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    /** The user-context key of the member's {@link WorkRunner}. */
    public static final String RUNNER = "polymorph.work.runner";

    private final String job;
    private final String item;
    private final String signature;
    private final String from;
    private transient HazelcastInstance instance;

    public ItemTask(String job, String item, String signature, String from) {
        this.job = job;
        this.item = item;
        this.signature = signature;
        this.from = from;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) { this.instance = instance; }

    @Override
    public String call() {
        Object runner = instance == null ? null : instance.getUserContext().get(RUNNER);
        if (!(runner instanceof WorkRunner r)) {
            throw new IllegalStateException("this Hazelcast member runs no Polymorph work runner");
        }
        return callOn(r);
    }

    /** Runs the item on {@code runner}. */
    String callOn(WorkRunner runner) {
        return runner.handle(job, item, signature, from);
    }

    /** The item's JSON. */
    String item() { return item; }
}
