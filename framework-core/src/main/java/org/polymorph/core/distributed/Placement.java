package org.polymorph.core.distributed;

import java.util.List;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;

/**
 * Where a Method's work items run: on local threads, or spread over the cluster when this runtime is a cluster member
 * (local threads when it is not). Methods that hand out items take the one parameter {@value #PARAM}.
 */
public enum Placement {
    LOCAL, CLUSTER;

    /** The parameter's name. */
    public static final String PARAM = "distributed";

    /** {@code distributed=auto|true|false}: auto and true use the cluster when this runtime is a member. */
    public static ParamSpec spec() {
        return ParamSpec.choice(PARAM, "auto", List.of("auto", "true", "false"),
                "run the independent items on the cluster's members: auto and true when this runtime is a cluster member"
                        + " (polymorph member, or cluster.enabled=true in conf/cluster.properties), else local threads; false: local threads");
    }

    /** The placement {@link #spec()}'s value asks for. */
    public static Placement of(Params params) {
        return "false".equals(params.getString(PARAM)) ? LOCAL : CLUSTER;
    }
}
