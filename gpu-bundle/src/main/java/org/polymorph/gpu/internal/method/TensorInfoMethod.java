package org.polymorph.gpu.internal.method;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * tensor.info: the run's TensorService's facts (backend, BLAS, threads, CUDA probe) plus a quick
 * float64 self-check through it: an n x n solve, a matmul and the rfft of a cosine, each with its
 * residual; then every registered backend (name, ranking, device, whether it is the default and whether this
 * run used it, its describe() facts: for cuda the device) and the backends a bundle could not register, with the
 * reason. It never waits for ND4J, so a cold run stays fast. The run parameter {@code backend} chooses which
 * backend the self-check runs on.
 */
public final class TensorInfoMethod implements Method {
    /** Residuals above this fail the self-check. */
    static final double TOLERANCE = 1e-9;
    private final Provider<TensorService> service;
    private final BackendCatalog backends;

    @Inject
    public TensorInfoMethod(Provider<TensorService> service, BackendCatalog backends) {
        this.service = service;
        this.backends = backends;
    }

    @Override public String id() { return "tensor.info"; }

    @Override public String description() {
        return "The run's TensorService (backend, BLAS, threads, CUDA probe) with a float64 self-check (residuals), and every"
                + " registered backend with its facts (choose one with backend=cpu|cuda|<name>)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(ParamSpec.integer("n", 3, "", 1, 512, "size of the self-check linear system and matmul"),
                ParamSpec.integer("fft_n", 16, "", 8, 65536, "length of the cosine transformed by rfft"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory runDirectory) {
        TensorService svc = service.get();
        int n = params.getInt("n");
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("solve", solveCheck(svc, n));
        checks.put("matmul", matmulCheck(svc, n));
        checks.put("rfft", rfftCheck(svc, params.getInt("fft_n")));
        boolean ok = checks.values().stream().allMatch(c -> Boolean.TRUE.equals(((Map<?, ?>) c).get("ok")));
        Map<String, Object> describe = svc.describe();
        List<BackendCatalog.Backend> registered = backends.registered();
        List<BackendCatalog.Absent> absent = backends.absent();
        Result.Builder r = Result.builder().put("backend", svc.name()).put("describe", describe)
                .put("dtypes", List.of("float64", "float32", "int32", "int64", "bool"))
                .put("checks", checks).put("all_ok", ok)
                .put("backends", listing(registered, svc)).put("absent", absent.stream().map(TensorInfoMethod::absentMap).toList());
        r.summary("backend " + svc.name() + ", BLAS " + describe.get("blas"));
        r.summary("cuda " + describe.get("cuda"));
        checks.forEach((k, v) -> r.summary("check " + k + ": " + v));
        r.summary("self-check " + (ok ? "passed" : "FAILED"));
        for (int i = 0; i < registered.size(); i++) {
            BackendCatalog.Backend b = registered.get(i);
            r.summary("registered backend " + b.name() + " (ranking " + b.ranking() + ", " + b.device() + (i == 0 ? ", default" : "")
                    + (b.service() == svc ? ", this run" : "") + ")");
        }
        for (BackendCatalog.Absent a : absent) r.summary("not available: " + a.name() + " (" + a.reason() + ")");
        return r.build();
    }

    /** One map per registered backend, highest ranking first: name, ranking, device, default, this_run, describe. */
    static List<Map<String, Object>> listing(List<BackendCatalog.Backend> registered, TensorService thisRun) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = 0; i < registered.size(); i++) {
            BackendCatalog.Backend b = registered.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("ranking", b.ranking());
            m.put("device", b.device());
            m.put("default", i == 0);
            m.put("this_run", b.service() == thisRun);
            m.put("describe", b.service().describe());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> absentMap(BackendCatalog.Absent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("reason", a.reason());
        return m;
    }

    /** A[i][j] = 1/(i+j+1) + n*(i==j) (diagonally dominant), b = A * (1..n); expects x = 1..n. */
    static Map<String, Object> solveCheck(TensorService svc, int n) {
        double[] a = new double[n * n];
        double[] x = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            for (int j = 0; j < n; j++) a[i * n + j] = 1.0 / (i + j + 1) + (i == j ? n : 0);
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i] += a[i * n + j] * x[j];
        double[] got = svc.toDoubleArray(svc.solve(svc.fromArray(a, n, n), svc.fromArray(b, n)));
        return check("x[0..2]", head(got), maxDiff(got, x));
    }

    /** (A B) with A = 1/(i+j+1) and B = transpose(A), compared with a plain loop. */
    static Map<String, Object> matmulCheck(TensorService svc, int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = 1.0 / (i + j + 1) + i;
        Tensor ta = svc.fromArray(a, n, n);
        double[] got = svc.toDoubleArray(svc.matmul(ta, svc.transpose(ta)));
        double[] want = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) want[i * n + j] += a[i * n + k] * a[j * n + k];
        double scale = 0;
        for (double w : want) scale = Math.max(scale, Math.abs(w));
        return check("c[0..2]", head(got), maxDiff(got, want) / Math.max(scale, 1));
    }

    /** rfft of cos(2 pi 3 t / n): bin 3 is n/2, every other bin 0. */
    static Map<String, Object> rfftCheck(TensorService svc, int n) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) x[t] = Math.cos(2 * Math.PI * 3 * t / n);
        Complex c = svc.rfft(svc.fromArray(x, n));
        double[] re = svc.toDoubleArray(c.re());
        double[] im = svc.toDoubleArray(c.im());
        double res = 0;
        for (int k = 0; k < re.length; k++) {
            double want = k == 3 ? n / 2.0 : 0;
            res = Math.max(res, Math.hypot(re[k] - want, im[k]));
        }
        return check("|X[3]|", Math.hypot(re[3], im[3]), res / n);
    }

    private static Map<String, Object> check(String valueName, Object value, double residual) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(valueName, value);
        m.put("residual", residual);
        m.put("ok", residual <= TOLERANCE);
        return m;
    }

    private static List<Double> head(double[] v) {
        return java.util.Arrays.stream(v).limit(3).boxed().collect(java.util.stream.Collectors.toList());
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
