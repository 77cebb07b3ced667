package org.polymorph.core.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python snippet in {@code python3 -c} (the numpy or PyTorch peer of a benchmark) with the
 * BLAS/OpenMP thread count pinned, and parses the JSON object it prints last. The interpreter is
 * the first of {@link #INTERPRETERS} that imports the modules the snippet needs: Debian's
 * {@code python3-*} packages (python3-torch, say) are seen by {@code /usr/bin/python3} only, not by
 * a pyenv or venv {@code python3} earlier on the PATH.
 */
public final class PythonPeer {
    /** Interpreters tried in order. */
    public static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");

    private PythonPeer() { }

    /** As {@link #run(String, int, long, List)} with python3 and no module requirement. */
    public static Map<String, Object> run(String script, int threads, long timeoutSeconds) {
        return runWith("python3", script, threads, timeoutSeconds);
    }

    /**
     * Runs {@code script} with the first interpreter that can import every module in
     * {@code modules}; the JSON result, or {"unavailable": reason} naming the modules.
     */
    public static Map<String, Object> run(String script, int threads, long timeoutSeconds, List<String> modules) {
        String probe = "import " + String.join(", ", modules);
        for (String python : INTERPRETERS) {
            if (exitsCleanly(python, probe)) return runWith(python, script, threads, timeoutSeconds);
        }
        return Map.of("unavailable", "no interpreter of " + INTERPRETERS + " imports " + String.join(", ", modules)
                + " (Debian: apt-get install python3-" + modules.get(0) + ")");
    }

    /** Exits 0 where PyTorch imports and sees a CUDA device (the GPU peer of a GPU backend's benchmark). */
    public static final String TORCH_CUDA_PROBE = "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)";

    /**
     * Whether a TensorService's {@code describe()} is a GPU backend's: it names its CUDA device under
     * {@code "cuda"}, as the CUDA TensorService does.
     */
    public static boolean gpuBackend(Map<String, Object> describe) {
        return describe.get("cuda") instanceof Map;
    }

    /** The first of {@link #INTERPRETERS} on which {@code probe} (Python source) exits 0, e.g. {@link #TORCH_CUDA_PROBE}; null if none. */
    public static String interpreterFor(String probe) {
        for (String python : INTERPRETERS) {
            if (exitsCleanly(python, probe)) return python;
        }
        return null;
    }

    /** Runs {@code script} with the interpreter {@code python}; the JSON result, or {"unavailable": reason}. */
    public static Map<String, Object> runOn(String python, String script, int threads, long timeoutSeconds) {
        return runWith(python, script, threads, timeoutSeconds);
    }

    private static boolean exitsCleanly(String python, String code) {
        try {
            Process p = new ProcessBuilder(List.of(python, "-c", code)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, Object> runWith(String python, String script, int threads, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(List.of(python, "-c", script));
        String t = Integer.toString(threads);
        pb.environment().put("OPENBLAS_NUM_THREADS", t);
        pb.environment().put("OMP_NUM_THREADS", t);
        pb.environment().put("MKL_NUM_THREADS", t);
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = readAll(p.getInputStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Map.of("unavailable", python + " did not finish within " + timeoutSeconds + " s");
            }
            String[] lines = out.trim().split("\n");
            String last = lines[lines.length - 1].trim();
            if (p.exitValue() != 0 || !last.startsWith("{")) {
                return Map.of("unavailable", python + " exited " + p.exitValue() + ": " + abbreviate(out));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) Json.parse(last);
            return parsed;
        } catch (IOException e) {
            return Map.of("unavailable", python + " not runnable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("unavailable", "interrupted");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        String t = s.trim().replace('\n', ' ');
        return t.length() > 300 ? t.substring(t.length() - 300) : t;
    }


    /** The BLAS thread count in a TensorService's {@code describe()} ("blas" → "threads"), else the core count. */
    public static int blasThreads(Map<String, Object> describe) {
        Object blas = describe.get("blas");
        if (blas instanceof Map && ((Map<?, ?>) blas).get("threads") instanceof Number) {
            return ((Number) ((Map<?, ?>) blas).get("threads")).intValue();
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
