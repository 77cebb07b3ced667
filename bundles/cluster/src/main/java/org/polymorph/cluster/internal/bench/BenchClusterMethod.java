package org.polymorph.cluster.internal.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.polymorph.cluster.internal.ClusterNode;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Timing;

/**
 * bench.cluster: throughput of a fixed job of {@code items} work items ({@link BenchWork}, each {@code item_steps}
 * steps, by default about the time of one weighting of a small ff.fit sweep) on 1, 2, 3 … members of a loopback cluster,
 * its efficiency against one member, and the per-item overhead of the cluster (signing, serialising, Hazelcast's
 * executor, the coordinator's scheduling) against the local threads: (cluster time − local-threads time) / items for a
 * job of {@code overhead_items} items with no work. This runtime must be a cluster member and is the first member; it
 * starts the others ({@link MemberStarter}: child processes of this distribution) one at a time, and stops them at the
 * end. Every job's results are compared with the local threads' bit for bit.
 */
public final class BenchClusterMethod implements Method {
    public static final String ID = "bench.cluster";
    static final double GOAL_OVERHEAD_MS = 5;
    private static final Duration MEMBER_START = Duration.ofSeconds(180);
    private static final Duration ADVERTISE = Duration.ofSeconds(60);

    /** Opens the starter of a run's extra members. */
    @FunctionalInterface
    public interface Starters {
        MemberStarter open(RunDirectory dir) throws Exception;
    }

    private final Supplier<ClusterNode> node;
    private final Supplier<Distributed> local;
    private final Starters starters;

    /**
     * @param node this runtime's cluster member (null when it is none)
     * @param local the core bundle's local-threads Distributed
     */
    public BenchClusterMethod(Supplier<ClusterNode> node, Supplier<Distributed> local, Starters starters) {
        this.node = node;
        this.local = local;
        this.starters = starters;
    }

    @Override public String id() { return ID; }

    @Override public String description() {
        return "cluster speed: items/s of " + 64 + " ff.fit-sized work items on 1, 2, 3 loopback members (efficiency vs 1 member), and"
                + " the per-item overhead (ms) of the cluster against local threads; goal < " + (int) GOAL_OVERHEAD_MS + " ms per item."
                + " Needs clustering on (polymorph run bench.cluster --cluster, or cluster.enabled=true); starts the extra members (bin/polymorph member) itself and stops them";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("items", 64, "items", 1, 100_000, "work items of the timed job at each member count"),
                ParamSpec.intList("members", List.of(1, 2, 3), "members", 1, 16,
                        "member counts to time, this runtime included (the extra ones are started as child processes)"),
                ParamSpec.integer("overhead_items", 256, "items", 1, 1_000_000, "work items with no work that measure the per-item overhead"),
                ParamSpec.integer("item_steps", 500_000_000, "steps", 0, 2_000_000_000,
                        "logistic-map steps of each timed item (about 2.4 ns each on one core of the 2-core development machine: the"
                                + " default, about 1.2 s there, is about one weighting of a small ff.fit sweep: sw, 2 free parameters,"
                                + " 5 targets, 3 L-BFGS steps)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        ClusterNode self = node.get();
        if (self == null) {
            throw new BadInputException("bench.cluster needs this runtime to be a cluster member, and it is none: run it with --cluster"
                    + " (polymorph run bench.cluster --cluster) or set cluster.enabled=true in conf/cluster.properties (the launcher then"
                    + " starts the member; see logs/polymorph.log for why it could not)");
        }
        List<Integer> counts = new ArrayList<>(new TreeSet<>(p.getIntList("members")));
        int start = self.distributed().view().members().size();
        if (start > counts.get(0)) {
            throw BadInputException.forParam("members", p.getIntList("members"), "this runtime is already in a cluster of " + start + " members",
                    "give counts of " + start + " or more, or run bench.cluster in a cluster of its own (empty cluster.members in conf/cluster.properties)");
        }
        int n = p.getInt("items");
        int zero = p.getInt("overhead_items");
        List<WorkItem> timed = items("item", n, p.getInt("item_steps"));
        List<WorkItem> empty = items("empty", zero, 0);
        List<WorkItem> warm = items("warm", Math.max(4, n / 8), Math.max(1, p.getInt("item_steps") / 20));
        Distributed threads = local.get();

        progress.message("one item on this thread");
        BenchWork work = new BenchWork();
        double itemSeconds = Timing.best(Timing.samples(() -> WorkKind.runCanonical(work, timed.get(0), Progress.NONE), 1, 2));

        progress.message("local threads");
        threads.map(warm, Placement.LOCAL, progress);
        threads.map(empty, Placement.LOCAL, Progress.NONE);
        long t0 = System.nanoTime();
        WorkResults reference = threads.map(timed, Placement.LOCAL, progress);
        double localSeconds = (System.nanoTime() - t0) * 1e-9;
        double localZero = Timing.best(Timing.samples(() -> threads.map(empty, Placement.LOCAL, Progress.NONE), 0, 3));

        List<Map<String, Object>> rows = new ArrayList<>();
        List<Double> startSeconds = new ArrayList<>();
        int cores = self.distributed().view().members().get(0).cores();
        try (MemberStarter extra = starters.open(dir)) {
            double oneMember = Double.NaN;
            for (int m : counts) {
                while (self.size() < m) {
                    progress.checkCancelled("starting member " + (self.size() + 1));
                    progress.message("starting member " + (self.size() + 1) + " of " + m);
                    startSeconds.add(Timing.round(extra.start(self.address(), MEMBER_START, progress), 3));
                }
                awaitAdvertised(self, m, progress);
                progress.message(m + " members: warm-up");
                self.distributed().map(warm, Placement.CLUSTER, Progress.NONE);
                self.distributed().map(empty, Placement.CLUSTER, Progress.NONE);
                progress.message(m + " members: " + n + " items");
                long c0 = System.nanoTime();
                WorkResults r = self.distributed().map(timed, Placement.CLUSTER, progress);
                double seconds = (System.nanoTime() - c0) * 1e-9;
                progress.message(m + " members: " + zero + " items with no work");
                List<WorkResults> zeros = new ArrayList<>();
                double zeroSeconds = Timing.best(Timing.samples(() -> zeros.add(self.distributed().map(empty, Placement.CLUSTER, Progress.NONE)), 0, 3));
                double rate = n / seconds;
                if (m == counts.get(0)) oneMember = rate / m;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("members", m);
                row.put("members_used", r.membersUsed());
                row.put("seconds", Timing.round(seconds, 4));
                row.put("items_per_second", Timing.round(rate, 4));
                row.put("efficiency", Timing.round(rate / (m * oneMember), 4));
                row.put("speedup_vs_local_threads", Timing.round(localSeconds / seconds, 4));
                row.put("zero_work_seconds", Timing.round(zeroSeconds, 4));
                row.put("zero_work_members_used", zeros.get(zeros.size() - 1).membersUsed());
                row.put("overhead_ms_per_item", Timing.round((zeroSeconds - localZero) / zero * 1e3, 4));
                row.put("retries", r.retries());
                row.put("results_equal_local", r.values().equals(reference.values())
                        && zeros.stream().allMatch(z -> z.values().equals(threadsValues(empty))));
                rows.add(row);
            }
        }
        return result(rows, n, zero, p.getInt("item_steps"), itemSeconds, localSeconds, localZero, cores, startSeconds, counts, dir);
    }

    private static List<Map<String, Object>> threadsValues(List<WorkItem> empty) {
        BenchWork work = new BenchWork();
        return empty.stream().map(i -> WorkKind.runCanonical(work, i, Progress.NONE)).toList();
    }

    private Result result(List<Map<String, Object>> rows, int n, int zero, int steps, double itemSeconds, double localSeconds, double localZero,
                          int cores, List<Double> startSeconds, List<Integer> counts, RunDirectory dir) throws java.io.IOException {
        Result.Builder r = Result.builder();
        r.put("items", n);
        r.put("item_steps", steps);
        r.put("item_seconds", Timing.round(itemSeconds, 4));
        r.put("overhead_items", zero);
        r.put("processors", Runtime.getRuntime().availableProcessors());
        r.put("cores_per_member", cores);
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("seconds", Timing.round(localSeconds, 4));
        threads.put("items_per_second", Timing.round(n / localSeconds, 4));
        threads.put("zero_work_seconds", Timing.round(localZero, 4));
        r.put("local_threads", threads);
        r.put("member_start_seconds", startSeconds);
        r.put("results", rows);
        boolean equal = rows.stream().allMatch(x -> Boolean.TRUE.equals(x.get("results_equal_local")));
        r.put("results_equal", equal);
        double worst = rows.stream().mapToDouble(x -> ((Number) x.get("overhead_ms_per_item")).doubleValue()).max().orElse(Double.NaN);
        r.put("goal", "overhead < " + (int) GOAL_OVERHEAD_MS + " ms per item at every member count (loopback)");
        r.put("goal_met", worst < GOAL_OVERHEAD_MS);
        StringBuilder csv = new StringBuilder("members,members_used,seconds,items_per_second,efficiency,zero_work_seconds,overhead_ms_per_item,results_equal_local\n");
        r.summary(String.format(Locale.ROOT, "%d items of %d steps (%.3f s each on one thread); local threads %.3f items/s, %d processors",
                n, steps, itemSeconds, n / localSeconds, Runtime.getRuntime().availableProcessors()));
        for (Map<String, Object> x : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s%n", x.get("members"), x.get("members_used"), x.get("seconds"),
                    x.get("items_per_second"), x.get("efficiency"), x.get("zero_work_seconds"), x.get("overhead_ms_per_item"), x.get("results_equal_local")));
            r.summary(String.format(Locale.ROOT, "%d member(s): %.3f items/s, efficiency %.2f vs %d, overhead %.3f ms/item, results %s",
                    x.get("members"), x.get("items_per_second"), x.get("efficiency"), counts.get(0), x.get("overhead_ms_per_item"),
                    Boolean.TRUE.equals(x.get("results_equal_local")) ? "equal to local threads" : "DIFFER from local threads"));
        }
        if (!equal) r.warn("some cluster results differ from the local threads' results");
        dir.writeString("bench.csv", csv.toString());
        return r.build();
    }

    /** Items {@code prefix-1 …} of {@code steps} steps, seeds 1 … n. */
    private static List<WorkItem> items(String prefix, int n, long steps) {
        List<WorkItem> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(new WorkItem(prefix + "-" + i, BenchWork.NAME, Map.of("steps", steps), i));
        return out;
    }

    /** Waits until {@code m} members advertise the bench's kind (a new member publishes its kinds within about 0.5 s). */
    private static void awaitAdvertised(ClusterNode self, int m, Progress progress) throws InterruptedException {
        long end = System.nanoTime() + ADVERTISE.toNanos();
        while (true) {
            List<ClusterView.Member> members = self.distributed().view().members();
            long ready = members.stream().filter(x -> x.kinds().contains(BenchWork.NAME)).count();
            if (ready >= m) return;
            if (System.nanoTime() > end) {
                throw new IllegalStateException(m + " members expected to offer " + BenchWork.NAME + " within " + ADVERTISE.toSeconds()
                        + " s, but " + ready + " of " + members.size() + " do");
            }
            progress.checkCancelled("waiting for " + m + " members");
            Thread.sleep(100);
        }
    }
}
