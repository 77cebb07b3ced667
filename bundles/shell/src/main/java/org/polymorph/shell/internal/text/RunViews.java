package org.polymorph.shell.internal.text;

import java.util.List;
import java.util.Locale;
import org.polymorph.core.run.RunEvent;
import org.polymorph.core.run.RunHandle;

/** The {@code jobs} view: one row per run of this session. */
public final class RunViews {
    private RunViews() { }

    /** The runs in lines of at most {@code width} characters (long run directories wrap after a '/'). */
    public static String jobsTable(List<RunHandle> runs, int width) {
        if (runs.isEmpty()) return "no runs in this session (start one: run <id> key=value ...)\n";
        Table t = new Table("RUN", "METHOD", "STATE", "PROGRESS", "DIRECTORY");
        for (RunHandle r : runs) {
            RunEvent e = r.latest();
            t.row(r.id(), r.methodId(), e.state().id(), progress(e), r.runDirectory().toString());
        }
        return t.render("", width) + runs.size() + (runs.size() == 1 ? " run\n" : " runs\n");
    }

    /** "40/100 (40.0%)", or "" when the run reported no count. */
    static String progress(RunEvent e) {
        if (e.total() <= 0) return "";
        return String.format(Locale.ROOT, "%d/%d (%.1f%%)", e.done(), e.total(), 100.0 * Math.min(e.done(), e.total()) / e.total());
    }
}
