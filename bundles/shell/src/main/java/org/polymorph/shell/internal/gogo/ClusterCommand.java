package org.polymorph.shell.internal.gogo;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.shell.internal.text.ClusterViews;
import org.polymorph.shell.internal.text.Table;

/** The Gogo command {@code polymorph:cluster}: the cluster's members, their load and the items in flight. */
public final class ClusterCommand {
    public static final String[] FUNCTIONS = {"cluster"};
    static final String NONE = "no Distributed service is registered; is the core bundle (org.polymorph.core) active? see: lb";

    private final Supplier<Optional<Distributed>> distributed;

    /** @param distributed the highest-ranked Distributed service now (the cluster's when this runtime is a member) */
    public ClusterCommand(Supplier<Optional<Distributed>> distributed) {
        this.distributed = distributed;
    }

    @Descriptor("show the cluster: members (id, address, cores, running, done, work kinds) and the items in flight;"
            + " the local threads when this runtime is no cluster member")
    public void cluster(CommandSession session) {
        PrintStream out = System.out;
        Optional<Distributed> d = distributed.get();
        if (d.isEmpty()) {
            System.err.println("error: " + NONE);
            return;
        }
        out.print(ClusterViews.text(d.get().view(), Table.width(session == null ? null : session.get("COLUMNS"))));
    }
}
