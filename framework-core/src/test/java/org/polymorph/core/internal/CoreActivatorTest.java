package org.polymorph.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.polymorph.core.internal.run.MethodRegistry;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;

/** The Method registry and the activator's RunService in a real Felix framework. */
class CoreActivatorTest {
    @TempDir
    Path tmp;

    private Framework framework;
    private BundleContext context;

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                "polymorph.cwd", tmp.resolve("user").toString()));
        framework.start();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private ServiceRegistration<Method> register(Method m, String id, int ranking) {
        Hashtable<String, Object> props = new Hashtable<>();
        if (id != null) props.put(Method.ID_PROPERTY, id);
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(Method.class, m, props);
    }

    @Test
    void theRegistryPicksTheHighestRankingPerIdAndKnowsTheBundle() {
        MethodRegistry registry = new MethodRegistry(context);
        registry.open();
        try {
            Method low = FakeMethods.sum();
            Method high = FakeMethods.steps();
            register(low, null, 0);
            ServiceRegistration<Method> highReg = register(high, "test.sum", 10);
            register(FakeMethods.required(), null, 0);
            assertEquals(List.of("test.need", "test.sum"), List.copyOf(registry.entries().keySet()));
            MethodEntry e = registry.require("test.sum");
            assertSame(high, e.method(), "the higher service.ranking wins");
            assertEquals("test.sum", e.id());
            assertEquals(context.getBundle().getSymbolicName(), e.bundle());
            assertEquals(context.getBundle().getVersion().toString(), e.bundleVersion());
            highReg.unregister();
            assertSame(low, registry.require("test.sum").method(), "the other one once the winner is gone");
            BadInputException x = assertThrows(BadInputException.class, () -> registry.require("test.summ"));
            assertTrue(x.getMessage().contains("unknown method 'test.summ' (did you mean test.sum"), x.getMessage());
        } finally {
            registry.close();
        }
    }

    @Test
    void theActivatorRegistersTheRunServiceThatRunsRegisteredMethods() throws Exception {
        CoreActivator activator = new CoreActivator();
        activator.start(context);
        register(FakeMethods.sum(), null, 0);
        RunService runs = context.getService(context.getServiceReference(RunService.class));
        RunOutcome o = runs.submit(RunRequest.of("test.sum", List.of("n=2"), null)).await();
        assertTrue(o.runDirectory().startsWith(tmp.resolve("user").resolve("runs")), o.runDirectory().toString());
        Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(o.runDirectory().resolve("result.json")));
        assertEquals(Map.of("symbolic_name", context.getBundle().getSymbolicName(), "version", context.getBundle().getVersion().toString()),
                doc.get("bundle"));
        assertEquals("unknown", ((Map<?, ?>) doc.get("versions")).get("git_commit"), "no build header on the system bundle");
        assertEquals(1, runs.runs().size());
        activator.stop(context);
        assertNull(context.getServiceReference(RunService.class), "unregistered on stop");
    }
}
