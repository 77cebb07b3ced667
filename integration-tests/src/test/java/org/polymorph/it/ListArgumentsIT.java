package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.InProcessRuntime;
import org.polymorph.it.support.InProcessRuntime.Output;

/**
 * List values through the real runtime: md.phonons with two q-points written {@code qpoints=0,0,0/0.5,0,0.5}
 * gets both through Gogo's parser and through the headless CLI, while an unquoted ';' is split by Gogo
 * (why the items are separated by '/'); and the methods/describe tables stay within 100 columns when the
 * width is unknown.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ListArgumentsIT {
    /** Argon fcc (primitive cell, one atom) with LJ: 27-atom supercell, seconds per run. */
    private static final String PHONONS = "md.phonons lattice=fcc a=5.26 element=Ar potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=6"
            + " supercell=3,3,3 path=none";

    private static Path home;
    private static Path cwd;
    private static InProcessRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        Path scratch = DistributionHome.scratch("lists");
        home = DistributionHome.copy(scratch);
        cwd = Files.createDirectories(scratch.resolve("user-cwd"));
        runtime = InProcessRuntime.start(home, cwd);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        DistributionHome.dropCaches(home);
    }

    @SuppressWarnings("unchecked")
    private static List<List<Number>> qpoints(Map<?, ?> doc) {
        return (List<List<Number>>) ((Map<?, ?>) doc.get("result")).get("qpoints");
    }

    private static Map<?, ?> resultJson(Output run) throws Exception {
        String marker = "run directory: ";
        String dir = run.out().lines().filter(l -> l.startsWith(marker)).findFirst()
                .orElseThrow(() -> new AssertionError(run.all())).substring(marker.length());
        return (Map<?, ?>) Json.parse(Files.readString(Path.of(dir, "result.json")));
    }

    @Test
    void twoQpointsSurviveGogoUnquoted() throws Exception {
        Output run = runtime.gogo("run " + PHONONS + " qpoints=0,0,0/0.5,0,0.5");
        assertNull(run.error(), run.all());
        List<List<Number>> q = qpoints(resultJson(run));
        assertEquals(2, q.size(), run.all());
        assertEquals(0.5, q.get(1).get(0).doubleValue());

        Output split = runtime.gogo("run " + PHONONS + " qpoints=0,0,0;0.5,0,0.5");
        assertNotNull(split.error(), "Gogo ends the command at ';' and runs '0.5,0,0.5' as a command: " + split.all());
        assertEquals(1, qpoints(resultJson(split)).size(), split.all());

        Output bad = runtime.gogo("run " + PHONONS + " qpoints=0,0,0/");
        assertTrue(bad.err().startsWith("error: parameter 'qpoints' = '0,0,0/': empty item after the last separator"), bad.all());
    }

    @Test
    void twoQpointsThroughTheHeadlessCli() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(List.of(PHONONS.split(" ")));
        args.addAll(List.of("qpoints=0,0,0/0.5,0,0.5", "--json"));
        Output run = runtime.cli(args.toArray(new String[0]));
        assertEquals(0, run.exit(), run.all());
        List<List<Number>> q = qpoints((Map<?, ?>) Json.parse(run.out()));
        assertEquals(List.of(0.5, 0.0, 0.5), q.get(1).stream().map(Number::doubleValue).toList());
        assertEquals(2, q.size());

        args.set(args.size() - 2, "qpoints=0,0,0,");
        Output bad = runtime.cli(args.toArray(new String[0]));
        assertEquals(2, bad.exit(), bad.all());
        assertTrue(bad.err().contains("error: parameter 'qpoints' = '0,0,0,': empty element after the last separator"), bad.all());
    }

    @Test
    void tablesFitOneHundredColumnsWhenTheWidthIsUnknown() throws Exception {
        for (String command : List.of("methods", "describe md.phonons", "describe md.run")) {
            Output out = runtime.gogo(command);
            assertNull(out.error(), out.all());
            for (String line : out.out().split("\n")) assertTrue(line.length() <= 100, command + ": " + line.length() + " chars: " + line);
        }
        Output describe = runtime.gogo("describe md.phonons");
        assertTrue(describe.out().contains("number lists (3"), describe.all());
        assertTrue(describe.out().contains("0,0,0/0.5,0,0.5"), "describe shows the syntax: " + describe.all());
    }
}
