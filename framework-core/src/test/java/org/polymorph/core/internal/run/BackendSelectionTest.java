package org.polymorph.core.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.ProvisionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.RunOutcome;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.BackendProbe;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.NamedTensorService;

/**
 * The run parameter {@code backend} in a real Felix framework with two TensorServices of different ranking
 * ({@code slow-cpu}, ranking 0; {@code fast-gpu}, ranking 10, on a GPU) and the probe of an absent {@code cuda}:
 * which service a Method sees through a bundle's {@link OsgiModule#bindService} provider, on its own thread, on a
 * thread it hands work to and in local work items; what result.json records; the messages for a bad value.
 */
class BackendSelectionTest {
    static final String CUDA_REASON = "no CUDA driver (UnsatisfiedLinkError: libcuda.so.1 missing)";

    @TempDir
    Path tmp;

    private Framework framework;
    private BundleContext context;
    private BackendCatalog backends;
    private OsgiModule module;
    private Provider<TensorService> tensors;
    private ExecutorService runThreads;
    private ExecutorService workThreads;
    private RunEngine engine;

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        context = framework.getBundleContext();
        register("slow-cpu", 0, null);
        register("fast-gpu", 10, Backends.GPU);
        BackendProbe cuda = new BackendProbe("cuda");
        cuda.absent(CUDA_REASON);
        context.registerService(BackendProbe.class, cuda, new Hashtable<>(Map.of(TensorService.BACKEND_PROPERTY, "cuda")));

        module = new OsgiModule(context) {
            @Override
            protected void configureBundle() { bindService(TensorService.class); }
        };
        Injector injector = Guice.createInjector(module);
        tensors = injector.getProvider(TensorService.class);
        workThreads = Executors.newFixedThreadPool(2);
        WorkKind kind = new WorkKind() {
            @Override public String name() { return "test.backend"; }

            @Override public Map<String, Object> run(WorkItem item, Progress progress) {
                return Map.of("backend", tensors.get().name());
            }
        };
        LocalDistributed local = new LocalDistributed(ServiceCatalog.of("work kind", Map.of(kind.name(), kind)), workThreads, 2);
        backends = BackendCatalog.tracking(context);
        runThreads = Executors.newFixedThreadPool(2);
        engine = new RunEngine(FakeMethods.catalog(new SeesBackend(tensors, local), FakeMethods.counter()),
                new RunEnvironment(tmp.resolve("user"), "9.9.9.test", FakeMethods.GIT_COMMIT, backends, Clock.systemUTC()), runThreads);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close(5);
        workThreads.shutdownNow();
        backends.close();
        module.close();
        framework.stop();
        framework.waitForStop(10_000);
    }

    private void register(String name, int ranking, String device) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(TensorService.BACKEND_PROPERTY, name);
        props.put(Constants.SERVICE_RANKING, ranking);
        if (device != null) props.put(Backends.DEVICE_PROPERTY, device);
        context.registerService(TensorService.class, NamedTensorService.of(name), props);
    }

    private RunOutcome run(String id, Path out, String... args) throws Exception {
        return engine.submit(RunRequest.of(id, List.of(args), out)).await();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resultJson(RunOutcome o) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(o.runDirectory().resolve("result.json")));
    }

    @Test
    void withoutTheParameterARunUsesTheHighestRankedBackendAsBefore() throws Exception {
        RunOutcome o = run("test.backend", null, "values=1,2,3.5");
        Map<String, Object> values = o.result().values();
        assertEquals("fast-gpu", values.get("backend"));
        assertEquals(6.5, (Double) values.get("sum"), 0.0, "computed through the chosen service");
        assertEquals("fast-gpu", values.get("handed_over"));
        assertEquals(List.of("fast-gpu", "fast-gpu", "fast-gpu"), values.get("work_items"));
        Map<String, Object> doc = resultJson(o);
        assertEquals("fast-gpu", doc.get("backend"));
        assertFalse(doc.containsKey("backend_requested"), doc.toString());
    }

    @Test
    void cpuAndAnyNameChooseTheBackendForTheMethodItsThreadsAndItsWorkItems() throws Exception {
        for (String value : List.of("cpu", "slow-cpu", "SLOW-CPU")) {
            RunOutcome o = run("test.backend", null, "values=0.25,-4", "backend=" + value);
            Map<String, Object> values = o.result().values();
            assertEquals("slow-cpu", values.get("backend"), value);
            assertEquals(-3.75, (Double) values.get("sum"), 0.0);
            assertEquals("slow-cpu", values.get("handed_over"), "a thread the Method hands work to through Backends.propagate");
            assertEquals("fast-gpu", values.get("plain_thread"), "a thread without the hand-over sees the default");
            assertEquals(List.of("slow-cpu", "slow-cpu"), values.get("work_items"), "local work items run on the run's backend");
            assertEquals(List.of("values"), values.get("params"), "the Method does not see backend among its Params");
            Map<String, Object> doc = resultJson(o);
            assertEquals("slow-cpu", doc.get("backend"));
            assertEquals(value, doc.get("backend_requested"));
            assertEquals(Map.of("values", List.of(0.25, -4.0)), doc.get("params"));
        }
        RunOutcome gpu = run("test.backend", null, "backend=fast-gpu");
        assertEquals("fast-gpu", gpu.result().values().get("backend"));
        assertEquals("fast-gpu", tensors.get().name(), "outside a run the provider gives the highest-ranked service");
    }

    @Test
    void anUnknownValueIsBadInputNamingTheParameterTheValueAndTheBackends() {
        BadInputException e = assertThrows(BadInputException.class, () -> run("test.backend", null, "backend=nope"));
        assertEquals("parameter 'backend' = 'nope': unknown backend; use one of cpu (slow-cpu), fast-gpu (default, ranking 10),"
                + " slow-cpu (ranking 0), or leave backend out for the default; not available here: cuda (" + CUDA_REASON + ")",
                e.getMessage());
        assertEquals("backend", e.parameter().orElseThrow());
        assertEquals("nope", e.value().orElseThrow());
        assertFalse(Files.exists(tmp.resolve("user").resolve("runs")), "nothing was written");

        BadInputException close = assertThrows(BadInputException.class, () -> run("test.backend", null, "backend=slow-cpx"));
        assertTrue(close.getMessage().contains("unknown backend (did you mean slow-cpu"), close.getMessage());
    }

    @Test
    void anAbsentBackendIsBadInputSayingWhy() {
        BadInputException e = assertThrows(BadInputException.class, () -> run("test.backend", null, "backend=cuda"));
        assertTrue(e.getMessage().startsWith("parameter 'backend' = 'cuda': backend cuda is not available: " + CUDA_REASON
                + "; use one of cpu (slow-cpu), fast-gpu (default"), e.getMessage());
        assertEquals(e.getMessage().indexOf(CUDA_REASON), e.getMessage().lastIndexOf(CUDA_REASON), "the reason is given once");
    }

    @Test
    void aRunAskingForABackendStillBeingProbedWaitsForIt() throws Exception {
        BackendProbe late = new BackendProbe("late-gpu");
        context.registerService(BackendProbe.class, late, new Hashtable<>(Map.of(TensorService.BACKEND_PROPERTY, "late-gpu")));
        assertEquals(List.of(new BackendCatalog.Absent("cuda", CUDA_REASON), new BackendCatalog.Absent("late-gpu", "still probing")),
                backends.absent());
        CompletableFuture<RunOutcome> submitted = CompletableFuture.supplyAsync(() -> {
            try {
                return run("test.backend", null, "backend=late-gpu");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(submitted.isDone(), "the submission waits for the probe");
        register("late-gpu", 5, Backends.GPU);
        late.registered();
        RunOutcome o = submitted.get(20, TimeUnit.SECONDS);
        assertEquals("late-gpu", o.result().values().get("backend"));
        assertEquals(List.of(new BackendCatalog.Absent("cuda", CUDA_REASON)), backends.absent(), "a registered backend is not absent");
    }

    @Test
    void aResumeMayChangeTheBackend() throws Exception {
        Path out = tmp.resolve("count");
        RunOutcome first = run("test.count", out, "steps=15", "backend=slow-cpu");
        assertEquals(15L, ((Number) first.result().values().get("steps")).longValue());
        assertEquals("slow-cpu", resultJson(first).get("backend"));
        RunOutcome resumed = run("test.count", out, "steps=20", "resume=true", "backend=fast-gpu");
        assertEquals(10L, ((Number) resumed.result().values().get("resumed_from")).longValue(), "continued from the checkpoint");
        assertEquals(20L, ((Number) resumed.result().values().get("steps")).longValue());
        assertEquals("fast-gpu", resultJson(resumed).get("backend"));
        assertEquals("fast-gpu", resultJson(resumed).get("backend_requested"));
    }

    @Test
    void aSelectedBackendThatIsNotRegisteredFailsTheProviderNamingIt() {
        ProvisionException p = assertThrows(ProvisionException.class, () -> Backends.run("gone", tensors::get));
        IllegalStateException e = (IllegalStateException) p.getCause();
        assertTrue(e.getMessage().startsWith("the backend 'gone' selected for this run is not registered now (registered: fast-gpu, slow-cpu)"),
                e.getMessage());
    }

    /**
     * "test.backend": the name of the TensorService it gets from its provider, the sum of {@code values} through it, the
     * name seen on a thread it hands work to, on a plain thread, and in one local work item per value.
     */
    private static final class SeesBackend implements Method {
        private final Provider<TensorService> tensors;
        private final LocalDistributed work;

        SeesBackend(Provider<TensorService> tensors, LocalDistributed work) {
            this.tensors = tensors;
            this.work = work;
        }

        @Override public String id() { return "test.backend"; }

        @Override public String description() { return "Reports the TensorService it runs on"; }

        @Override public List<ParamSpec> params() {
            return List.of(ParamSpec.realList("values", List.of(1.0, 2.0, 3.0), "", -1e6, 1e6, "values summed through the service"));
        }

        @Override
        public Result run(Params params, Progress progress, RunDirectory runDirectory) throws Exception {
            TensorService ts = tensors.get();
            List<Double> values = params.getDoubleList("values");
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            double sum = ts.item(ts.sum(ts.fromArray(v, v.length)));
            AtomicReference<String> handedOver = new AtomicReference<>();
            AtomicReference<String> plain = new AtomicReference<>();
            Thread a = new Thread(Backends.propagate(() -> handedOver.set(tensors.get().name())));
            Thread b = new Thread(() -> plain.set(tensors.get().name()));
            a.start();
            b.start();
            a.join();
            b.join();
            List<WorkItem> items = new ArrayList<>();
            for (int i = 0; i < v.length; i++) items.add(new WorkItem("i" + i, "test.backend", Map.of(), i));
            List<Object> seen = new ArrayList<>();
            for (Map<String, Object> r : work.map(items, Placement.LOCAL, progress).values()) seen.add(r.get("backend"));
            return Result.builder().put("backend", ts.name()).put("sum", sum).put("handed_over", handedOver.get())
                    .put("plain_thread", plain.get()).put("work_items", seen).put("params", List.copyOf(params.asMap().keySet())).build();
        }
    }
}
