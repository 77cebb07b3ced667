package org.polymorph.core.internal.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.run.ResumeRule;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunListener;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;
import org.polymorph.core.tensor.Backends;

/**
 * The {@link RunService}: validates a request, settles its run directory (never another run's,
 * unless resuming that same run), records the input files, then hands the run to its executor.
 * Everything that can be bad input is found before anything is written. The reserved parameter
 * {@value Backends#PARAM} of every run is taken out here, before the Method's parameters are parsed: it chooses the
 * run's TensorService ({@link BackendChoice}) and is never among the Method's {@code Params}, so that a resume may
 * change it whatever the {@link ResumeRule}.
 */
public final class RunEngine implements RunService {
    public static final String RESULT_FILE = "result.json";
    private static final String RESUME = "resume";
    /** How many finished runs {@link #runs()} keeps (with their results) before dropping the oldest. */
    static final int KEPT = 1000;

    private final MethodCatalog catalog;
    private final RunEnvironment env;
    private final ExecutorService executor;
    private final List<Job> runs = new ArrayList<>();   // guarded by itself

    /** @param executor runs the Methods; the engine shuts it down in {@link #close}. */
    public RunEngine(MethodCatalog catalog, RunEnvironment env, ExecutorService executor) {
        this.catalog = catalog;
        this.env = env;
        this.executor = executor;
    }

    @Override
    public MethodCatalog methods() { return catalog; }

    @Override
    public List<RunHandle> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    @Override
    public RunHandle submit(RunRequest request, RunListener listener) {
        MethodEntry method = catalog.require(request.methodId());
        List<ParamSpec> specs = method.method().params();
        boolean canResume = specs.stream().anyMatch(s -> s.name().equals(RESUME));
        Map<String, String> raw = new LinkedHashMap<>(request.params());
        if (request.resume() && canResume) raw.putIfAbsent(RESUME, "true");
        BackendChoice backend = new BackendChoice(raw.remove(Backends.PARAM));
        Params params = Params.parse(method.id(), specs, raw);
        String backendName = backend.resolve(env.backends());
        boolean resuming = request.resume() || Boolean.TRUE.equals(params.asMap().get(RESUME));
        Path out = request.runDirectory() == null ? null : RunDirectories.resolveOut(request.runDirectory(), env.cwd());
        checkRunDirectory(method, params, out, resuming, canResume);
        List<Map<String, Object>> inputs = InputFiles.of(specs, params);

        Instant started = env.clock().instant();
        Path path = out != null ? RunDirectories.createOut(out)
                : RunDirectories.createDefault(env.cwd(), method.id(), started, env.clock().getZone());
        RunDirectory dir = runDirectory(path);
        String runId = UUID.randomUUID().toString();
        RunDocument doc = new RunDocument(runId, method, params.asMap(), inputs, env, started, dir.path(), backend.requested(), backendName);
        if (!resuming) writeMarker(dir, doc, out != null);
        Job job = new Job(runId, method.id(), dir.path(), env.clock());
        job.addListener(listener);
        synchronized (runs) {
            runs.add(job);
            for (int k = 0; runs.size() > KEPT && k < runs.size(); ) {
                if (runs.get(k).state().done()) runs.remove(k); else k++;
            }
        }
        try {
            executor.execute(new RunTask(job, method, params, dir, doc, resuming, backend, env.backends()));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the run engine is shutting down; run " + method.id() + " again after the restart", e);
        }
        return job;
    }

    /**
     * A folder holding another run is refused unless this request resumes that same run: same method,
     * parameters equal under the {@link ResumeRule}. Resuming needs a folder to continue.
     */
    private static void checkRunDirectory(MethodEntry method, Params params, Path out, boolean resuming, boolean canResume) {
        if (out == null) {
            if (resuming) {
                throw BadInputException.forParam(RESUME, true, "there is no earlier run to continue",
                        "give --out the folder of the earlier " + method.id() + " run");
            }
            return;
        }
        Optional<EarlierRun> found = EarlierRun.in(out);
        if (found.isEmpty()) return;
        EarlierRun earlier = found.get();
        if (!resuming || !canResume) {
            throw new BadInputException("--out " + out + " holds " + earlier.describe() + "; give a new folder"
                    + (canResume ? ", or add resume=true to continue that run" : " (" + method.id() + " cannot resume a run)"));
        }
        String id = earlier.methodId();
        if (id != null && !id.equals(method.id()) && !id.equals(method.method().id())) {
            throw BadInputException.forParam(RESUME, true, "--out " + out + " holds a run of " + id + ", not of " + method.id(),
                    "give --out the folder of an earlier " + method.id() + " run");
        }
        if (earlier.params() != null) ResumeRule.of(method.method()).check(earlier.params(), params.asMap(), earlier.file().toString());
    }

    private static RunDirectory runDirectory(Path path) {
        try {
            return RunDirectory.create(path);
        } catch (IOException e) {
            throw new BadInputException("--out " + path + " cannot be created (" + ErrorText.of(e) + "); give a folder you can write to", e);
        }
    }

    /** result.json with status running, so that the folder holds a run from now on (even after a kill -9). */
    private static void writeMarker(RunDirectory dir, RunDocument doc, boolean givenOut) {
        try {
            dir.writeString(RESULT_FILE, doc.running());
        } catch (IOException e) {
            String where = givenOut ? "--out " + dir.path() : "the run directory " + dir.path();
            throw new BadInputException(where + " cannot be written (" + ErrorText.of(e) + "); give a folder you can write to", e);
        }
    }

    /** Cancels every unfinished run and waits up to {@code waitSeconds} for them to end (they write their checkpoints). */
    public void close(long waitSeconds) throws InterruptedException {
        for (RunHandle r : runs()) r.cancel();
        executor.shutdown();
        executor.awaitTermination(waitSeconds, TimeUnit.SECONDS);
    }
}
