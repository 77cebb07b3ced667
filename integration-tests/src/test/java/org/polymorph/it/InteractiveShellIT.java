package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ProcessRun;

/**
 * {@code bin/polymorph} with no arguments (the interactive Gogo shell at start level 9), fed
 * commands on stdin as a user would type them; end of input closes the shell and the process.
 */
class InteractiveShellIT {
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shellSessionListsBundlesMethodsAndParameters() throws Exception {
        Path scratch = DistributionHome.scratch("shell");
        Path home = DistributionHome.copy(scratch);
        Path cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        String typed = String.join("\n", "lb", "methods", "describe tensor.info", "describe bench.matmul",
                "backend", "run tensor.info", "run bench.matmul repeats=0", "");
        ProcessRun r = ProcessRun.polymorph(home, cwd, typed, Duration.ofSeconds(120));
        System.out.printf("[InteractiveShellIT] shell session: exit %d in %.1f s%n", r.exit(), r.seconds());
        DistributionHome.dropCaches(home);
        String out = r.out() + r.err();

        // lb: every bundle listed is Active (the console level 9 is reached in shell mode)
        List<String> bundleRows = r.out().lines().filter(l -> l.matches("\\s*\\d+\\|.*")).toList();
        assertTrue(bundleRows.size() > 20, "lb listed too few bundles\n" + r.describe());
        List<String> notActive = bundleRows.stream().filter(l -> !l.contains("|Active")).toList();
        assertEquals(List.of(), notActive, r.describe());

        assertTrue(out.matches("(?s).*\\btensor\\.info\\s+\\S.*"), r.describe());
        assertTrue(out.contains("tensor.info: "), r.describe());
        assertTrue(out.matches("(?s).*\\n\\s+sizes\\s+integer list\\s+.*"), r.describe());
        assertTrue(out.contains("active TensorService: nd4j-cpu"), r.describe());
        assertTrue(out.contains("tensor.info finished in") && out.contains("run directory: " + cwd.resolve("runs")),
                r.describe());
        assertTrue(out.contains("error: parameter 'repeats' = '0': out of range"), r.describe());
        assertTrue(!r.out().contains("\tat "), "no stack traces in the session\n" + r.describe());
        // piped input: JLine's dumb terminal is the right one, chosen without its "Unable to create a system terminal" warning
        assertTrue(!out.contains("dumb terminal"), r.describe());
    }
}
