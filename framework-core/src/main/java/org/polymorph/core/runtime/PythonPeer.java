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
 * BLAS/OpenMP thread count pinned, and parses the JSON object it prints last.
 */
public final class PythonPeer {
    private PythonPeer() { }

    /** The JSON result, or a map {"unavailable": reason}. */
    public static Map<String, Object> run(String script, int threads, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", "-c", script));
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
                return Map.of("unavailable", "python3 did not finish within " + timeoutSeconds + " s");
            }
            String[] lines = out.trim().split("\n");
            String last = lines[lines.length - 1].trim();
            if (p.exitValue() != 0 || !last.startsWith("{")) {
                return Map.of("unavailable", "python3 exited " + p.exitValue() + ": " + abbreviate(out));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) Json.parse(last);
            return parsed;
        } catch (IOException e) {
            return Map.of("unavailable", "python3 not runnable: " + e.getMessage());
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
