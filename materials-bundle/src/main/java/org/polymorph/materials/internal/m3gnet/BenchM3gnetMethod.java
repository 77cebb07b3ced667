package org.polymorph.materials.internal.m3gnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * {@code bench.m3gnet}: the time of one energy + forces + stress evaluation of M3GNet (the fused kernel in float64 or
 * in mixed precision, float32 matrix products, with the mixed result's difference from float64; neighbour-list build
 * included) on amorphous Si: random positions at a number density (default jax-md's a2c demo,
 * 64 atoms in an 11.1 Å cube, 0.0468 Å⁻³) with no pair closer than {@code min_distance}, for each size, on one thread
 * and on {@code threads} threads; the median of {@code repeats} timed calls after untimed warm-up calls. Reports seconds,
 * ms per atom, the calling thread's CPU seconds, bonds and triples per size, the speed-up with threads, and whether the
 * dense layers ran in SIMD lanes ({@code lanes}: the JVM has the Vector API).
 */
public final class BenchM3gnetMethod implements Method {
    private final Supplier<AD> ad;

    public BenchM3gnetMethod(Supplier<AD> ad) { this.ad = ad; }

    @Override public String id() { return "bench.m3gnet"; }

    @Override public String description() {
        return "M3GNet energy+forces+stress time (s, ms/atom) on amorphous Si of each size, one thread and several";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intList("sizes", List.of(64, 512, 4096), "atoms", 2, 1_000_000, "atom counts"),
                ParamSpec.files("potential_file", "", "the model folder (model.json + state.pt); default the installation's M3GNet-MP-2021.2.8-PES"),
                ParamSpec.real("density", 0.0468, "1/A^3", 1e-3, 0.2, "number density of the random Si"),
                ParamSpec.real("min_distance", 2.0, "A", 0.5, 3.0, "no pair closer than this"),
                ParamSpec.choice("precision", "float64", List.of("float64", "mixed"), "the kernel's arithmetic: float64, or mixed (float32 matrix products)"),
                ParamSpec.integer("threads", Runtime.getRuntime().availableProcessors(), "threads", 1, 256, "threads of the second timing"),
                ParamSpec.integer("repeats", 3, "", 1, 100, "timed evaluations per size and thread count (median reported)"),
                ParamSpec.integer("seed", 1, "", 0, Integer.MAX_VALUE, "seed of the positions"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        M3gnetModel model = M3gnetModel.read(folder(p.getString("potential_file")));
        int threads = p.getInt("threads");
        M3gnet.Precision precision = p.getString("precision").equals("mixed") ? M3gnet.Precision.MIXED : M3gnet.Precision.FLOAT64;
        M3gnet one = new M3gnet(model, List.of("Si"), M3gnet.Indexing.MATGL, precision, ad.get(), 1);
        M3gnet many = threads > 1 ? new M3gnet(model, List.of("Si"), M3gnet.Indexing.MATGL, precision, ad.get(), threads) : null;
        M3gnet exact = precision == M3gnet.Precision.FLOAT64 ? null : new M3gnet(model, List.of("Si"), M3gnet.Indexing.MATGL, M3gnet.Precision.FLOAT64, ad.get(), threads);
        List<Map<String, Object>> rows = new ArrayList<>();
        Result.Builder r = Result.builder().put("model", model.name()).put("precision", p.getString("precision")).put("lanes", Dense.LANES).put("threads", threads);
        for (int n : p.getIntList("sizes")) {
            progress.message(id() + ": " + n + " atoms");
            Atoms a = amorphous(n, p.getDouble("density"), p.getDouble("min_distance"), p.getInt("seed"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("atoms", n);
            if (exact != null) difference(one, exact, a, row);
            double t1 = time(one, a, p.getInt("repeats"), row);
            row.put("seconds_1_thread", t1);
            row.put("ms_per_atom_1_thread", 1e3 * t1 / n);
            double cpu = (Double) row.remove("cpu_seconds");
            row.put("cpu_seconds_1_thread", cpu);
            String summary = String.format(Locale.ROOT, "%d atoms: %.4f s on 1 thread (%.3f ms/atom; %.4f s of CPU)", n, t1, 1e3 * t1 / n, cpu);
            if (many != null) {
                double tn = time(many, a, p.getInt("repeats"), new LinkedHashMap<>());
                row.put("seconds_threads", tn);
                row.put("speedup", t1 / tn);
                summary += String.format(Locale.ROOT, ", %.4f s on %d threads (x%.2f)", tn, threads, t1 / tn);
            }
            r.summary(summary);
            rows.add(row);
        }
        return r.put("sizes", rows).build();
    }

    /**
     * Median seconds of E+F+stress (list build included) after untimed calls that warm the JIT up (until 5 s have
     * passed, 1 to 100 calls: C2 compiles the lanes' large methods late on 2 cores, and 10 calls at 64 atoms left the
     * timed ones at 0.11–0.13 s in some runs instead of 0.07); records the energy, graph sizes and the median CPU seconds of the calling thread
     * ({@code cpu_seconds}: all the work when the potential runs on one thread, and what a machine shared with other
     * jobs does not inflate) in {@code row}.
     */
    static double time(M3gnet pot, Atoms a, int repeats, Map<String, Object> row) {
        NeighborListBuilder builder = new NeighborListBuilder(pot.cutoff(), 0, false);
        long warm = System.nanoTime();
        Evaluation first = pot.compute(a, builder.build(a));
        for (int k = 1; k < 100 && System.nanoTime() - warm < 5_000_000_000L; k++) pot.compute(a, builder.build(a));
        NeighborList nl = builder.build(a);
        M3gnetGraph g = new M3gnetGraph(a.positions(), a.box().h(), nl, pot.cutoff(), 4.0, M3gnet.Indexing.MATGL);
        row.put("energy_per_atom", first.energy() / a.size());
        row.put("bonds", g.bonds());
        row.put("triples", g.triples());
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] s = new double[repeats];
        double[] cpu = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            pot.compute(a, builder.build(a));
            s[k] = (System.nanoTime() - t0) * 1e-9;
            cpu[k] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
        }
        java.util.Arrays.sort(s);
        java.util.Arrays.sort(cpu);
        row.put("cpu_seconds", cpu[(repeats - 1) / 2]);
        return s[(repeats - 1) / 2];
    }

    /** |ΔE| per atom (eV) and the largest |ΔF| component (eV/Å) of {@code pot} from {@code exact} at {@code a}, into row. */
    static void difference(M3gnet pot, M3gnet exact, Atoms a, Map<String, Object> row) {
        NeighborList nl = new NeighborListBuilder(pot.cutoff(), 0, false).build(a);
        Evaluation x = pot.compute(a, nl);
        Evaluation y = exact.compute(a, nl);
        double[] fx = x.forces();
        double[] fy = y.forces();
        double df = 0;
        for (int k = 0; k < fx.length; k++) df = Math.max(df, Math.abs(fx[k] - fy[k]));
        row.put("energy_difference_per_atom_vs_float64", Math.abs(x.energy() - y.energy()) / a.size());
        row.put("max_force_difference_vs_float64", df);
    }

    /** n Si atoms at random in a cube of number density rho (Å⁻³), no periodic pair closer than dmin (random sequential addition). */
    static Atoms amorphous(int n, double rho, double dmin, long seed) {
        double l = Math.cbrt(n / rho);
        RandomKey key = RandomKey.of(seed);
        double[] r = new double[3 * n];
        int placed = 0;
        for (long tries = 0; placed < n; tries++) {
            if (tries > 1000L * n) {
                throw BadInputException.forParam("min_distance", dmin, "could not place " + n + " atoms at density " + rho + " that far apart",
                        "lower min_distance or density");
            }
            double x = l * key.uniform(3 * tries);
            double y = l * key.uniform(3 * tries + 1);
            double z = l * key.uniform(3 * tries + 2);
            boolean ok = true;
            for (int j = 0; j < placed && ok; j++) {
                double dx = x - r[3 * j];
                double dy = y - r[3 * j + 1];
                double dz = z - r[3 * j + 2];
                dx -= l * Math.rint(dx / l);
                dy -= l * Math.rint(dy / l);
                dz -= l * Math.rint(dz / l);
                ok = dx * dx + dy * dy + dz * dz >= dmin * dmin;
            }
            if (!ok) continue;
            r[3 * placed] = x;
            r[3 * placed + 1] = y;
            r[3 * placed + 2] = z;
            placed++;
        }
        return Atoms.of(r, "Si", 28.0855, Box.periodic(new double[] {l, 0, 0, 0, l, 0, 0, 0, l}));
    }

    /** The folder given, or the installation's M3GNet-MP-2021.2.8-PES. */
    private static Path folder(String given) {
        if (given != null && !given.isBlank()) return Path.of(given.split(",")[0].trim());
        String home = System.getProperty("polymorph.home");
        Path p = home == null ? null : Path.of(home, "models", "M3GNet-MP-2021.2.8-PES");
        if (p == null || !Files.isDirectory(p)) {
            throw BadInputException.forParam("potential_file", "", "no model folder given and no models/M3GNet-MP-2021.2.8-PES in the installation",
                    "give potential_file=<folder holding model.json and state.pt>");
        }
        return p;
    }
}
