package org.polymorph.gpu.cuda.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.tensor.DType;

/**
 * The command line of {@link GpuBench}, checked: each bad value gives a message naming the option,
 * the value and a fix (the harness then exits 2). Defaults are the GPU machine's sizes (the same as
 * peer_bench.py's on a GPU); CI passes tiny ones.
 *
 * @param out         the JSON file written (rewritten after every case)
 * @param sizes       matmul n (n x n times n x n), in the order run
 * @param dtypes      float32 and/or float64
 * @param batches     MLP batch sizes
 * @param hidden      MLP hidden width (bench.autodiff's default 1024)
 * @param warmup      untimed calls before the timed ones (at least one is made: it sizes the repeats)
 * @param minRepeats  fewest timed calls per case, unless fewer fit in what is left of the budget (then >= 1)
 * @param maxRepeats  most timed calls per case
 * @param caseS       seconds of timed calls aimed at per case
 * @param budgetS     no case starts, and none is projected to end, past this many seconds from the start
 * @param verifyRows  rows of each product checked against a float64 product on the host (cost rows n^2)
 * @param skip        parts left out: matmul, mlp
 */
record GpuBenchOptions(Path out, List<Integer> sizes, List<DType> dtypes, List<Integer> batches, int hidden,
                       int warmup, int minRepeats, int maxRepeats, double caseS, double budgetS, int verifyRows, Set<String> skip) {

    static final String USAGE = "GpuBench --out FILE [--sizes 1024,...,16384] [--dtypes float32,float64] [--batches 256,4096]"
            + " [--hidden 1024] [--warmup 1] [--min-repeats 3] [--repeats 10] [--case-s 2] [--budget-s 150] [--verify-rows 2]"
            + " [--skip matmul,mlp]";

    /** Parts the harness knows (the GPU MD's atom-steps/s will be a third, "md"). */
    static final Set<String> PARTS = Set.of("matmul", "mlp");

    /** A bad command line: the message names the option, the value and a fix. */
    static final class BadOption extends Exception {
        BadOption(String message) { super(message); }
    }

    static GpuBenchOptions parse(String[] args) throws BadOption {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("--sizes", "1024,2048,4096,8192,16384");
        v.put("--dtypes", "float32,float64");
        v.put("--batches", "256,4096");
        v.put("--hidden", "1024");
        v.put("--warmup", "1");
        v.put("--min-repeats", "3");
        v.put("--repeats", "10");
        v.put("--case-s", "2");
        v.put("--budget-s", "150");
        v.put("--verify-rows", "2");
        v.put("--skip", "");
        String out = null;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.equals("--out") && !v.containsKey(key)) {
                throw new BadOption("unknown option " + key + "; usage: " + USAGE);
            }
            if (i + 1 >= args.length) throw new BadOption(key + " needs a value; usage: " + USAGE);
            if (key.equals("--out")) out = args[++i];
            else v.put(key, args[++i]);
        }
        if (out == null || out.isBlank()) throw new BadOption("--out FILE is required (the JSON written); give e.g. --out /tmp/gpu_bench.json");
        List<DType> dtypes = new ArrayList<>();
        for (String d : v.get("--dtypes").split(",")) {
            switch (d.trim().toLowerCase(Locale.ROOT)) {
                case "float32" -> dtypes.add(DType.FLOAT32);
                case "float64" -> dtypes.add(DType.FLOAT64);
                default -> throw new BadOption("--dtypes '" + v.get("--dtypes") + "': '" + d.trim()
                        + "' is not benchmarked; give float32, float64 or both, e.g. --dtypes float32,float64");
            }
        }
        Set<String> skip = new java.util.TreeSet<>();
        for (String s : v.get("--skip").split(",")) {
            if (s.isBlank()) continue;
            if (!PARTS.contains(s.trim())) {
                throw new BadOption("--skip '" + v.get("--skip") + "' may name only " + new java.util.TreeSet<>(PARTS) + "; give e.g. --skip mlp");
            }
            skip.add(s.trim());
        }
        return new GpuBenchOptions(Path.of(out), ints(v, "--sizes", 1, 65_536), dtypes, ints(v, "--batches", 1, 1 << 20),
                one(v, "--hidden", 1, 65_536), one(v, "--warmup", 0, 100), one(v, "--min-repeats", 1, 1000),
                one(v, "--repeats", 1, 10_000), seconds(v, "--case-s"), seconds(v, "--budget-s"),
                one(v, "--verify-rows", 0, 65_536), Set.copyOf(skip)).checked();
    }

    private GpuBenchOptions checked() throws BadOption {
        if (minRepeats > maxRepeats) {
            throw new BadOption("--min-repeats " + minRepeats + " is above --repeats " + maxRepeats + "; give --min-repeats <= --repeats");
        }
        return this;
    }

    private static List<Integer> ints(Map<String, String> v, String key, int lo, int hi) throws BadOption {
        String text = v.get(key);
        List<Integer> out = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            int x;
            try {
                x = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new BadOption(key + " '" + text + "' is not a comma-separated list of whole numbers; give e.g. " + key + " " + lo);
            }
            if (x < lo || x > hi) throw new BadOption(key + " '" + text + "' must list numbers in [" + lo + ", " + hi + "]; give e.g. " + key + " " + lo);
            out.add(x);
        }
        return List.copyOf(out);
    }

    private static int one(Map<String, String> v, String key, int lo, int hi) throws BadOption {
        List<Integer> xs = ints(v, key, lo, hi);
        if (xs.size() != 1) throw new BadOption(key + " '" + v.get(key) + "' takes one number; give e.g. " + key + " " + Math.max(lo, 1));
        return xs.get(0);
    }

    private static double seconds(Map<String, String> v, String key) throws BadOption {
        String text = v.get(key);
        double x;
        try {
            x = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new BadOption(key + " '" + text + "' is not a number of seconds; give e.g. " + key + " 60");
        }
        if (!(x > 0) || !Double.isFinite(x)) throw new BadOption(key + " '" + text + "' must be a positive number of seconds; give e.g. " + key + " 60");
        return x;
    }

    /** As JSON values (the report's "args"). */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sizes", sizes);
        m.put("dtypes", dtypes.stream().map(DType::id).toList());
        m.put("batches", batches);
        m.put("hidden", hidden);
        m.put("warmup", warmup);
        m.put("min_repeats", minRepeats);
        m.put("repeats", maxRepeats);
        m.put("case_s", caseS);
        m.put("budget_s", budgetS);
        m.put("verify_rows", verifyRows);
        m.put("skip", List.copyOf(new java.util.TreeSet<>(skip)));
        return m;
    }
}
