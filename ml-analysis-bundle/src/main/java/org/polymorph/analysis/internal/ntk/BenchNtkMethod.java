package org.polymorph.analysis.internal.ntk;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.analysis.network.NpyFiles;
import org.polymorph.analysis.ntk.Ntk;
import org.polymorph.analysis.ntk.NtkImplementation;
import org.polymorph.analysis.ntk.NtkOptions;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * bench.ntk: time and memory of Jacobian contraction, NTK-vector products and structured derivatives (arXiv
 * 2206.08720, Fig. 1 and Table 1) on depth-3 fully connected networks (widths × batches, 10 outputs) and a small CNN,
 * float64, kernels traced over the outputs (n, n); PyTorch's functorch {@code vmap(jacrev)} Jacobian contraction of the
 * same network, parameters and inputs in the same run, with the ratio. Memory is the peak of the sampled Java heap
 * above its start and the thread's allocated bytes ({@link MemoryMeter}; native tensor buffers are not seen), next to
 * the paper's model of the dominant memory ({@link Ntk#estimatedBytes}). Cases whose estimated cost exceeds
 * {@code max_gflop}, or whose Jacobians (JC, n·10·P float64) exceed a third of the heap, are skipped and say so.
 */
public final class BenchNtkMethod implements Method {
    static final String CNN = "conv(out=16,kernel=3,padding=same),relu,avg_pool(window=2,stride=2),conv(out=16,kernel=3,padding=same),"
            + "relu,global_avg_pool,dense(out=10)";
    private final Provider<TensorService> service;
    private final AutodiffService autodiff;

    @Inject
    public BenchNtkMethod(Provider<TensorService> service, AutodiffService autodiff) {
        this.service = service;
        this.autodiff = autodiff;
    }

    @Override public String id() { return "bench.ntk"; }

    @Override public String description() {
        return "ms and memory (bytes) of the NTK by jc, vp, sd on depth-3 FCNs and a CNN per batch; PyTorch functorch JC peer with ratio";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intList("widths", List.of(512, 1024, 2048, 4096), "", 1, 65_536, "hidden widths of the depth-3 FCN"),
                ParamSpec.intList("batches", List.of(8, 16, 32, 64), "rows", 1, 100_000, "rows of x (kernel n × n)"),
                ParamSpec.integer("input_dim", 64, "", 1, 1_000_000, "features of the FCN's inputs"),
                ParamSpec.bool("cnn", true, "also the CNN " + CNN + " on 8×8×3 inputs"),
                ParamSpec.text("implementations", "jc,vp,sd", "algorithms to time, of jc, vp, sd"),
                ParamSpec.integer("repeats", 1, "", 1, 100, "timed calls per case after one warm-up on 2 rows (the best is reported)"),
                ParamSpec.real("max_gflop", 2000.0, "GFLOP", 0.001, 1e9, "skip a case whose estimated cost exceeds this"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of parameters and inputs"),
                ParamSpec.bool("torch", true, "run the PyTorch peer (/usr/bin/python3 with torch) on the same cases"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory runDirectory) throws Exception {
        TensorService ts = service.get();
        AD ad = autodiff.create(ts);
        List<NtkImplementation> impls = new ArrayList<>();
        for (String s : params.getString("implementations").split(",")) {
            NtkImplementation i = NtkImplementation.parse(s);
            if (i == null || i == NtkImplementation.AUTO) {
                throw BadInputException.forParam("implementations", params.getString("implementations"), "'" + s.trim() + "' is not one of jc, vp, sd",
                        "give a comma-separated subset of jc,vp,sd");
            }
            impls.add(i);
        }
        Map<String, Network> nets = new LinkedHashMap<>();
        int d = params.getInt("input_dim");
        for (int w : params.getIntList("widths")) {
            nets.put("fcn_w" + w, new Network(NetworkSpec.parse("dense(out=" + w + ",w_std=1.5,b_std=0.05),relu,dense(out=" + w
                    + ",w_std=1.5,b_std=0.05),relu,dense(out=10,w_std=1.5,b_std=0.05)"), new int[] {d}));
        }
        if (params.getBoolean("cnn")) nets.put("cnn", new Network(NetworkSpec.parse(CNN), new int[] {8, 8, 3}));
        RandomKey key = RandomKey.of(params.getInt("seed"));
        int repeats = params.getInt("repeats");
        double maxFlops = params.getDouble("max_gflop") * 1e9;
        List<Map<String, Object>> rows = new ArrayList<>();
        List<TorchNtkPeer.Case> cases = new ArrayList<>();
        Map<String, Map<String, Object>> byCase = new LinkedHashMap<>();
        Result.Builder r = Result.builder().put("backend", ts.name()).put("memory_measure",
                "peak_heap_bytes: sampled used Java heap above the start (1 ms); allocated_bytes: ThreadMXBean per-thread allocations");
        int total = nets.size() * params.getIntList("batches").size();
        int done = 0;
        for (Map.Entry<String, Network> e : nets.entrySet()) {
            Network net = e.getValue();
            List<Map<String, Tensor>> p = net.init(ts, key);
            for (int n : params.getIntList("batches")) {
                progress.checkCancelled(e.getKey() + " batch " + n);
                progress.update(done++, total, e.getKey() + " batch " + n);
                int[] xs = new int[net.inputShape().length + 1];
                xs[0] = n;
                System.arraycopy(net.inputShape(), 0, xs, 1, net.inputShape().length);
                Tensor x = ts.normal(key.foldIn(n), DType.FLOAT64, xs);
                String name = e.getKey() + "_n" + n;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("network", e.getKey());
                row.put("layers", net.spec().text());
                row.put("parameters", net.parameterCount());
                row.put("batch", n);
                Tensor first = null;
                Tensor jcKernel = null;
                for (NtkImplementation impl : impls) {
                    Ntk ntk = Ntk.of(ad, net, NtkOptions.defaults().withImplementation(impl));
                    double flops = ntk.estimatedFlops(p, x, null).get(impl);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("estimated_gflop", Timing.round(flops * 1e-9, 3));
                    m.put("estimated_bytes", Math.round(ntk.estimatedBytes(p, x, null).get(impl)));
                    if (flops > maxFlops || (impl == NtkImplementation.JC && 3 * ntk.estimatedBytes(p, x, null).get(impl) > Runtime.getRuntime().maxMemory())) {
                        m.put("skipped", flops > maxFlops ? "estimated cost above max_gflop" : "Jacobians larger than a third of the heap");
                        row.put(impl.id(), m);
                        continue;
                    }
                    progress.message(name + ": " + impl.id());
                    warmUp(ntk, p, x, ts);
                    double best = Double.POSITIVE_INFINITY;
                    MemoryMeter.Usage usage = null;
                    Tensor k = null;
                    for (int rep = 0; rep < repeats; rep++) {
                        long t0 = System.nanoTime();
                        MemoryMeter.Measured<Tensor> meas = MemoryMeter.measure(() -> ntk.compute(p, x, null));
                        double ms = (System.nanoTime() - t0) * 1e-6;
                        if (ms < best) {
                            best = ms;
                            usage = meas.usage();
                        }
                        k = meas.value();
                        progress.checkCancelled(name + " " + impl.id());
                    }
                    m.put("ms", Timing.round(best, 3));
                    m.putAll(usage.asMap());
                    if (first == null) first = k;
                    else m.put("max_abs_diff_to_" + impls.get(0).id(), maxAbsDiff(ts, first, k));
                    if (impl == NtkImplementation.JC) jcKernel = k;
                    row.put(impl.id(), m);
                }
                if (row.get("jc") instanceof Map<?, ?> jc && jc.containsKey("ms") && row.get("sd") instanceof Map<?, ?> sd && sd.containsKey("ms")) {
                    row.put("sd_speedup_vs_jc", Timing.round(((Number) jc.get("ms")).doubleValue() / ((Number) sd.get("ms")).doubleValue(), 3));
                }
                if (jcKernel != null && params.getBoolean("torch")) {
                    Tensor kk = jcKernel;
                    Path xf = runDirectory.writeFile("peer/" + name + "_x.npy", f -> NpyFiles.write(ts, f, x));
                    Path pf = runDirectory.writeFile("peer/" + name + "_params.npz", f -> NpyFiles.writeNpz(ts, f, NpyFiles.flatten(p)));
                    Path of = runDirectory.writeFile("peer/" + name + "_ntk.npy", f -> NpyFiles.write(ts, f, kk));
                    cases.add(new TorchNtkPeer.Case(name, net.spec(), xf, pf, of));
                }
                byCase.put(name, row);
                rows.add(row);
            }
        }
        if (params.getBoolean("torch") && !cases.isEmpty()) {
            progress.message("PyTorch peer: " + cases.size() + " cases");
            Map<String, Object> torch = TorchNtkPeer.run(cases, repeats, PythonPeer.blasThreads(ts.describe()));
            progress.checkCancelled("the PyTorch peer");
            if (torch.containsKey("unavailable")) {
                r.put("peer_torch", torch).summary("PyTorch peer skipped: " + torch.get("unavailable"));
            } else {
                r.put("peer_torch", Map.of("torch", torch.get("torch"), "threads", torch.get("threads")));
                Map<?, ?> got = (Map<?, ?>) torch.get("cases");
                for (Map.Entry<?, ?> c : got.entrySet()) {
                    Map<String, Object> row = byCase.get(String.valueOf(c.getKey()));
                    Map<?, ?> t = (Map<?, ?>) c.getValue();
                    row.put("torch_jc", t);
                    double ours = ((Number) ((Map<?, ?>) row.get("jc")).get("ms")).doubleValue();
                    row.put("jc_speed_vs_torch", Timing.round(((Number) t.get("jc_ms")).doubleValue() / ours, 3));
                }
            }
        }
        r.put("rows", rows);
        for (Map<String, Object> row : rows) r.summary(summaryLine(row, impls));
        runDirectory.writeJson("bench.json", r.build().values());
        return r.build();
    }

    /** One small call first, so that class loading and JIT compilation stay out of the timings. */
    private static void warmUp(Ntk ntk, List<Map<String, Tensor>> p, Tensor x, TensorService ts) {
        int[] stop = x.shape().toArray();
        stop[0] = Math.min(2, stop[0]);
        int[] step = new int[stop.length];
        java.util.Arrays.fill(step, 1);
        ntk.compute(p, ts.slice(x, new int[stop.length], stop, step), null);
    }

    private static double maxAbsDiff(TensorService ts, Tensor a, Tensor b) {
        double[] x = ts.toDoubleArray(a);
        double[] y = ts.toDoubleArray(b);
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    private static String summaryLine(Map<String, Object> row, List<NtkImplementation> impls) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s batch %s (%s params):", row.get("network"), row.get("batch"), row.get("parameters")));
        for (NtkImplementation i : impls) {
            Map<?, ?> m = (Map<?, ?>) row.get(i.id());
            s.append(' ').append(i.id()).append(' ');
            if (m.containsKey("ms")) s.append(m.get("ms")).append(" ms/").append(((Number) m.get("peak_heap_bytes")).longValue() >> 20).append(" MiB");
            else s.append("skipped");
        }
        if (row.containsKey("sd_speedup_vs_jc")) s.append("; sd ").append(row.get("sd_speedup_vs_jc")).append("x jc");
        if (row.containsKey("jc_speed_vs_torch")) s.append("; jc ").append(row.get("jc_speed_vs_torch")).append("x torch");
        return s.toString();
    }
}
