import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The JUnit console of the device bundle (the console-standalone jar is not in the local Maven
 * repository, so this small main drives the JUnit Platform launcher itself). It runs the tests of
 * the packages and classes named on its command line and writes, under the reports folder:
 * junit.xml (one testsuite per test class, Ant/Surefire style), junit.txt (one line per test and
 * the totals) and junit.json (the totals, absent classes and each test's outcome).
 *
 * <pre>
 * java -cp CLASSPATH DeviceTests --reports DIR [--package P]... [--class C]... [--timeout-s N]
 * </pre>
 * A class named by --class that is not on the class path is recorded as absent, not an error.
 * Tests aborted by an assumption (JUnit's "skip because no GPU") count as skipped. Exit status: 0
 * when no test failed, 1 when one did, 2 for a bad command line.
 */
public final class DeviceTests {
    private DeviceTests() { }

    /** One finished test: its class, name, outcome, time in ms and the failure's or skip's text. */
    record Outcome(String className, String name, String status, double ms, String message, String trace) { }

    public static void main(String[] args) {
        Map<String, List<String>> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DeviceTests: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path reports = Path.of(opts.get("--reports").get(0));
        List<DiscoverySelector> selectors = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String p : opts.getOrDefault("--package", List.of())) selectors.add(DiscoverySelectors.selectPackage(p));
        for (String c : opts.getOrDefault("--class", List.of())) {
            try {
                Class.forName(c, false, DeviceTests.class.getClassLoader());
                selectors.add(DiscoverySelectors.selectClass(c));
            } catch (ClassNotFoundException | LinkageError e) {
                absent.add(c + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        Recorder recorder = new Recorder();
        long t0 = System.nanoTime();
        if (!selectors.isEmpty()) {
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectors);
            if (opts.containsKey("--timeout-s")) {
                request.configurationParameter("junit.jupiter.execution.timeout.default", opts.get("--timeout-s").get(0) + " s");
            }
            LauncherDiscoveryRequest built = request.build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(built, recorder);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        try {
            write(reports, recorder.outcomes(), absent, opts, seconds);
        } catch (IOException e) {
            System.err.println("DeviceTests: cannot write the reports under " + reports + ": " + e);
            System.exit(1);
        }
        System.exit(count(recorder.outcomes(), "failed") > 0 ? 1 : 0);
    }

    /** --reports is required; --package, --class repeat; --timeout-s takes a positive integer. */
    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!List.of("--reports", "--package", "--class", "--timeout-s").contains(key)) {
                throw new IllegalArgumentException("unknown option " + key
                        + "; use --reports DIR, --package P, --class C, --timeout-s N");
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(key + " needs a value");
            opts.computeIfAbsent(key, k -> new ArrayList<>()).add(args[++i]);
        }
        if (!opts.containsKey("--reports")) throw new IllegalArgumentException("--reports DIR is required (where junit.xml/txt/json go)");
        if (opts.containsKey("--timeout-s")) {
            String v = opts.get("--timeout-s").get(0);
            if (!v.matches("[1-9][0-9]{0,5}")) {
                throw new IllegalArgumentException("--timeout-s " + v + " is not a positive whole number of seconds; give e.g. --timeout-s 120");
            }
        }
        return opts;
    }

    /** Collects each test's outcome (containers only when they fail or are skipped, so a failing @BeforeAll shows). */
    static final class Recorder implements TestExecutionListener {
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final List<Outcome> outcomes = new ArrayList<>();
        private TestPlan plan;

        synchronized List<Outcome> outcomes() { return new ArrayList<>(outcomes); }

        @Override public void testPlanExecutionStarted(TestPlan testPlan) { this.plan = testPlan; }

        @Override public void executionStarted(TestIdentifier id) { started.put(id.getUniqueId(), System.nanoTime()); }

        @Override public synchronized void executionSkipped(TestIdentifier id, String reason) {
            outcomes.add(new Outcome(className(id), id.getDisplayName(), "skipped", 0, reason, ""));
        }

        @Override public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            TestExecutionResult.Status s = result.getStatus();
            if (id.isContainer() && s == TestExecutionResult.Status.SUCCESSFUL) return;
            if (id.isContainer() && id.getParentId().isEmpty()) return; // the engine itself
            Long t = started.remove(id.getUniqueId());
            double ms = t == null ? 0 : (System.nanoTime() - t) / 1e6;
            String status = switch (s) {
                case SUCCESSFUL -> "passed";
                case ABORTED -> "skipped";
                case FAILED -> "failed";
            };
            String message = result.getThrowable().map(e -> String.valueOf(e.getMessage())).orElse("");
            String trace = result.getThrowable().filter(e -> s == TestExecutionResult.Status.FAILED).map(DeviceTests::trace).orElse("");
            outcomes.add(new Outcome(className(id), id.getDisplayName(), status, ms, message, trace));
        }

        /** The test's class, found through its method source or its nearest class-level ancestor. */
        private String className(TestIdentifier id) {
            if (id.getSource().orElse(null) instanceof MethodSource m) return m.getClassName();
            TestIdentifier cur = id;
            while (cur != null) {
                if (cur.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.ClassSource c) return c.getClassName();
                cur = plan == null ? null : plan.getParent(cur).orElse(null);
            }
            return id.getDisplayName();
        }
    }

    static String trace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static long count(List<Outcome> outcomes, String status) {
        return outcomes.stream().filter(o -> o.status().equals(status)).count();
    }

    static void write(Path dir, List<Outcome> outcomes, List<String> absent, Map<String, List<String>> opts, double seconds) throws IOException {
        Files.createDirectories(dir);
        long passed = count(outcomes, "passed");
        long failed = count(outcomes, "failed");
        long skipped = count(outcomes, "skipped");
        String totals = String.format(Locale.ROOT, "tests %d: passed %d, failed %d, skipped %d; absent classes %d; %.1f s",
                outcomes.size(), passed, failed, skipped, absent.size(), seconds);

        StringBuilder txt = new StringBuilder();
        for (Outcome o : outcomes) {
            txt.append(String.format(Locale.ROOT, "%-7s %9.1f ms  %s > %s", o.status().toUpperCase(Locale.ROOT), o.ms(), o.className(), o.name()));
            if (!o.message().isEmpty() && !o.status().equals("passed")) txt.append("  -- ").append(o.message().lines().findFirst().orElse(""));
            txt.append('\n');
        }
        for (String a : absent) txt.append("ABSENT  ").append(a).append('\n');
        if (outcomes.isEmpty()) txt.append("no tests found for ").append(opts.getOrDefault("--package", List.of())).append(' ')
                .append(opts.getOrDefault("--class", List.of())).append('\n');
        txt.append(totals).append('\n');
        for (Outcome o : outcomes) if (!o.trace().isEmpty()) txt.append("\n--- ").append(o.className()).append(" > ").append(o.name()).append('\n').append(o.trace());
        Files.writeString(dir.resolve("junit.txt"), txt, StandardCharsets.UTF_8);

        Map<String, List<Outcome>> byClass = new LinkedHashMap<>();
        for (Outcome o : outcomes) byClass.computeIfAbsent(o.className(), k -> new ArrayList<>()).add(o);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (Map.Entry<String, List<Outcome>> e : byClass.entrySet()) {
            List<Outcome> list = e.getValue();
            xml.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                    esc(e.getKey()), list.size(), count(list, "failed"), count(list, "skipped"),
                    list.stream().mapToDouble(Outcome::ms).sum() / 1e3));
            for (Outcome o : list) {
                xml.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", esc(o.className()), esc(o.name()), o.ms() / 1e3));
                switch (o.status()) {
                    case "failed" -> xml.append(">\n      <failure message=\"").append(esc(o.message())).append("\">")
                            .append(esc(o.trace())).append("</failure>\n    </testcase>\n");
                    case "skipped" -> xml.append(">\n      <skipped message=\"").append(esc(o.message())).append("\"/>\n    </testcase>\n");
                    default -> xml.append("/>\n");
                }
            }
            xml.append("  </testsuite>\n");
        }
        xml.append("</testsuites>\n");
        Files.writeString(dir.resolve("junit.xml"), xml, StandardCharsets.UTF_8);

        StringBuilder json = new StringBuilder("{");
        json.append(String.format(Locale.ROOT, "\"tests\": %d, \"passed\": %d, \"failed\": %d, \"skipped\": %d, \"seconds\": %.3f, ",
                outcomes.size(), passed, failed, skipped, seconds));
        json.append("\"absent\": [");
        for (int i = 0; i < absent.size(); i++) json.append(i > 0 ? ", " : "").append(jsonString(absent.get(i)));
        json.append("], \"results\": [");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            json.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "{\"class\": %s, \"name\": %s, \"status\": \"%s\", \"ms\": %.1f, \"message\": %s}",
                    jsonString(o.className()), jsonString(o.name()), o.status(), o.ms(), jsonString(o.message())));
        }
        json.append("]}\n");
        Files.writeString(dir.resolve("junit.json"), json, StandardCharsets.UTF_8);
        System.out.println(totals);
    }

    /** XML attribute and text escaping; characters XML 1.0 forbids become '?'. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '?' : c);
            }
        }
        return b.toString();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
