package org.polymorph.server.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.server.internal.runs.Fixture.await;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.polymorph.core.internal.run.RunEngine;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.testing.NamedTensorService;

/** A run submitted to the server with the reserved parameter backend reaches the engine, which runs it there or refuses it. */
class ServerRunsBackendTest extends RunStoreTestBase {
    private ServerRuns open() throws Exception {
        BackendCatalog backends = BackendCatalog.of(List.of(
                new BackendCatalog.Backend("fast-gpu", 10, Backends.GPU, NamedTensorService.of("fast-gpu")),
                new BackendCatalog.Backend("slow-cpu", 0, Backends.CPU, NamedTensorService.of("slow-cpu"))), List.of());
        RunEngine engine = new RunEngine(FakeMethods.catalog(FakeMethods.sum()), FakeMethods.envWith(home, backends),
                Executors.newFixedThreadPool(1));
        ServerRuns store = new ServerRuns(engine, home.resolve("server-runs"), 1, 10, Clock.systemUTC());
        store.open();
        return store;
    }

    @Test
    void theBackendParameterPassesTheSubmitCheckAndChoosesTheBackend() throws Exception {
        runs = open();
        RunRecord cpu = runs.submit("test.sum", Map.of("n", "3", "backend", "cpu"));
        assertEquals(RunStatus.OK, await(runs, cpu.id(), RunStatus.OK).state());
        Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(cpu.runDirectory().resolve("result.json")));
        assertEquals("slow-cpu", doc.get("backend"));
        assertEquals("cpu", doc.get("backend_requested"));
        assertEquals(Map.of("n", 3L, "factor", 1.0, "sizes", List.of(1L, 2L)), doc.get("params"));
        assertEquals(6.0, ((Map<?, ?>) doc.get("result")).get("sum"));

        RunRecord plain = runs.submit("test.sum", Map.of("n", "2"));
        await(runs, plain.id(), RunStatus.OK);
        assertEquals("fast-gpu", ((Map<?, ?>) Json.parse(Files.readString(plain.runDirectory().resolve("result.json")))).get("backend"));
    }

    @Test
    void anUnknownBackendEndsTheRunAsBadInputNamingTheBackends() throws Exception {
        runs = open();
        RunRecord r = runs.submit("test.sum", Map.of("backend", "nope"));
        RunRecord done = await(runs, r.id(), RunStatus.BAD_INPUT);
        assertTrue(done.message().contains("parameter 'backend' = 'nope': unknown backend; use one of cpu (slow-cpu),"
                + " fast-gpu (default, ranking 10), slow-cpu (ranking 0)"), done.message());
    }
}
