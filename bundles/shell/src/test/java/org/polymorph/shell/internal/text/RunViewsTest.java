package org.polymorph.shell.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.testing.FakeMethods;

class RunViewsTest {
    @Test
    void jobsListsEachRunWithStateAndProgress(@TempDir Path cwd) throws Exception {
        assertEquals("no runs in this session (start one: run <id> key=value ...)\n", RunViews.jobsTable(List.of(), Table.DEFAULT_WIDTH));
        RunService runs = FakeMethods.service(cwd, null, FakeMethods.sum(), FakeMethods.failing());
        RunHandle ok = runs.submit(RunRequest.of("test.sum", List.of("n=4"), null));
        ok.await();
        RunHandle failed = runs.submit(RunRequest.of("test.fail", List.of(), null));
        try {
            failed.await();
        } catch (org.polymorph.core.run.RunFailedException expected) {
            // listed as failed below
        }
        String table = RunViews.jobsTable(runs.runs(), 200);
        String[] lines = table.split("\n");
        assertTrue(lines[0].matches("RUN\\s+METHOD\\s+STATE\\s+PROGRESS\\s+DIRECTORY"), table);
        assertTrue(lines[2].matches(Pattern.quote(ok.id()) + "\\s+test\\.sum\\s+ok\\s+4/4 \\(100\\.0%\\)\\s+"
                + Pattern.quote(ok.runDirectory().toString())), table);
        assertTrue(lines[3].matches(Pattern.quote(failed.id()) + "\\s+test\\.fail\\s+failed\\s+"
                + Pattern.quote(failed.runDirectory().toString())), table);
        assertEquals("2 runs", lines[4]);
    }
}
