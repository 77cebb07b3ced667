package org.polymorph.shell.internal.text;

import java.util.Locale;
import org.polymorph.core.distributed.ClusterView;

/**
 * The {@code cluster} view: the members (id, address, cores, running, done, kinds) and the items in flight. Member ids
 * (Hazelcast's 36-character UUIDs) are shown by their first {@value #ID_SHOWN} characters, as git shows commits, so that
 * the addresses stay whole and the kinds take what the width leaves.
 */
public final class ClusterViews {
    static final int ID_SHOWN = 8;

    private ClusterViews() { }

    private static String shortId(String id) { return id.length() > ID_SHOWN + 4 ? id.substring(0, ID_SHOWN) : id; }

    /** The view in lines of at most {@code width} characters. */
    public static String text(ClusterView view, int width) {
        StringBuilder sb = new StringBuilder();
        sb.append(view.clustered() ? "cluster " + view.name() + ": " + view.members().size() + (view.members().size() == 1 ? " member" : " members")
                : "not clustered: work items run on local threads (polymorph member, or cluster.enabled=true in conf/cluster.properties)")
                .append('\n');
        Table members = new Table("MEMBER", "ADDRESS", "CORES", "RUNNING", "DONE", "KINDS");
        for (ClusterView.Member m : view.members()) {
            members.row((m.local() ? "* " : "") + shortId(m.id()), m.address(), Integer.toString(m.cores()), Integer.toString(m.running()),
                    Long.toString(m.done()), m.kinds().isEmpty() ? "-" : String.join(", ", m.kinds()));
        }
        sb.append(members.render("", width));
        if (view.inFlight().isEmpty()) {
            sb.append("no items in flight\n");
        } else {
            Table items = new Table("JOB", "ITEM", "KIND", "MEMBER", "SECONDS");
            for (ClusterView.Item i : view.inFlight()) {
                items.row(i.job(), i.item(), i.kind(), shortId(i.member()), String.format(Locale.ROOT, "%.1f", i.seconds()));
            }
            sb.append(items.render("", width)).append(view.inFlight().size()).append(view.inFlight().size() == 1 ? " item" : " items")
                    .append(" in flight\n");
        }
        return sb.toString();
    }
}
