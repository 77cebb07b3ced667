package org.polymorph.materials.internal.method;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link DeviceMdBench}, checked: a bad value gives a message naming the option, the
 * value and a fix (the harness then exits 2). Defaults are the GPU machine's sizes; the tests pass tiny ones.
 *
 * @param out              the JSON file written (rewritten after every case)
 * @param ljCells          bench.md.lj's cubic fcc cells per axis, one case each (4 atoms a cell: 20 → 32,000, 64 → 1,048,576)
 * @param swCells          bench.md.sw's cubic diamond cells per axis (8 atoms a cell: 20 → 64,000, 50 → 1,000,000)
 * @param steps            device steps timed (after the device's warm-up, which is the CPU run's cpuWarmup + cpuSteps)
 * @param cpuWarmup        untimed host steps before the timed ones (JIT compilation)
 * @param cpuSteps         host steps timed
 * @param threads          host threads of the CPU path's force loop (row blocks); all cores by default
 * @param forceEvaluations force-kernel evaluations timed alone after the device run, for the bandwidth
 * @param seed             the velocities' seed (bench.md's default)
 * @param budgetS          no case starts, and none is projected to end, past this many seconds from the start
 */
record DeviceMdBenchOptions(Path out, List<Integer> ljCells, List<Integer> swCells, int steps, int cpuWarmup, int cpuSteps, int threads,
                            int forceEvaluations, int seed, double budgetS) {

    static final String USAGE = "DeviceMdBench --out FILE [--lj-cells 20,64] [--sw-cells 20,50] [--steps 100] [--cpu-warmup 2] [--cpu-steps 10]"
            + " [--threads CORES] [--force-evaluations 10] [--seed 87287] [--budget-s 120]";

    /** A bad command line: the message names the option, the value and a fix. */
    static final class BadOption extends Exception {
        private static final long serialVersionUID = 1L;

        BadOption(String message) { super(message); }
    }

    static DeviceMdBenchOptions parse(String[] args) throws BadOption {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("--lj-cells", "20,64");
        v.put("--sw-cells", "20,50");
        v.put("--steps", "100");
        v.put("--cpu-warmup", "2");
        v.put("--cpu-steps", "10");
        v.put("--threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        v.put("--force-evaluations", "10");
        v.put("--seed", "87287");
        v.put("--budget-s", "120");
        String out = null;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.equals("--out") && !v.containsKey(key)) throw new BadOption("unknown option " + key + "; usage: " + USAGE);
            if (i + 1 >= args.length) throw new BadOption(key + " needs a value; usage: " + USAGE);
            if (key.equals("--out")) out = args[++i];
            else v.put(key, args[++i]);
        }
        if (out == null || out.isBlank()) throw new BadOption("--out FILE is required (the JSON written); give e.g. --out /tmp/md_bench.json");
        double budget;
        try {
            budget = Double.parseDouble(v.get("--budget-s"));
        } catch (NumberFormatException e) {
            throw new BadOption("--budget-s '" + v.get("--budget-s") + "' is not a number; give seconds, e.g. --budget-s 120");
        }
        if (!(budget >= 0) || Double.isInfinite(budget)) throw new BadOption("--budget-s " + budget + " is not a finite number >= 0; give e.g. --budget-s 120");
        return new DeviceMdBenchOptions(Path.of(out), cells(v, "--lj-cells", 3), cells(v, "--sw-cells", 3), whole(v, "--steps", 1),
                whole(v, "--cpu-warmup", 0), whole(v, "--cpu-steps", 1), whole(v, "--threads", 1), whole(v, "--force-evaluations", 1),
                whole(v, "--seed", 0), budget);
    }

    /** A comma-separated list of cells per axis, each >= min (a periodic box at least twice the cutoff); may be empty (no case). */
    private static List<Integer> cells(Map<String, String> v, String key, int min) throws BadOption {
        List<Integer> out = new ArrayList<>();
        for (String s : v.get(key).split(",")) {
            if (s.isBlank()) continue;
            int c;
            try {
                c = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new BadOption(key + " '" + v.get(key) + "': '" + s.trim() + "' is not a whole number; give cells per axis, e.g. " + key + " 20,64");
            }
            if (c < min || c > 400) throw new BadOption(key + " '" + v.get(key) + "': " + c + " cells is out of range; give " + min + " to 400 cells per axis");
            out.add(c);
        }
        return List.copyOf(out);
    }

    private static int whole(Map<String, String> v, String key, int min) throws BadOption {
        int x;
        try {
            x = Integer.parseInt(v.get(key).trim());
        } catch (NumberFormatException e) {
            throw new BadOption(key + " '" + v.get(key) + "' is not a whole number; give one >= " + min);
        }
        if (x < min) throw new BadOption(key + " " + x + " is below " + min + "; give a whole number >= " + min);
        return x;
    }

    /** The options as the report's "args". */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lj_cells", ljCells);
        m.put("sw_cells", swCells);
        m.put("steps", steps);
        m.put("cpu_warmup", cpuWarmup);
        m.put("cpu_steps", cpuSteps);
        m.put("threads", threads);
        m.put("force_evaluations", forceEvaluations);
        m.put("seed", seed);
        m.put("budget_s", budgetS);
        return m;
    }
}
