package org.polymorph.server.internal.runs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.runtime.Json;

/**
 * The server's list of runs, {@code <runs folder>/index.json}, so that it survives restarts. Written whole to a
 * temporary file and renamed, so it is never half written. Read tolerantly: an index that cannot be read or
 * understood is moved aside to {@code index.json.bad-<yyyyMMdd-HHmmss>} with a warning and the server starts
 * with no runs (the runs' folders stay where they are).
 *
 * <p>Format: {@code {"format": 1, "runs": [{"id", "method", "params": {k: v}, "state", "done", "total", "message",
 * "submitted", "started", "finished", "resumable", "attempts"}, ...]}} in submission order; times are ISO-8601
 * UTC or null; a run's folder is {@code <runs folder>/<id>}.
 */
final class RunIndex {
    static final String FILE = "index.json";
    private static final int FORMAT = 1;
    /** A run id is a folder name: no separator, no "." or "..". */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Logger LOG = LogManager.getLogger(RunIndex.class);

    private final Path folder;
    private final Clock clock;

    RunIndex(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    Path file() { return folder.resolve(FILE); }

    /** The runs of the index in submission order; none when there is no index or it is unusable (then moved aside). */
    List<RunRecord> load() {
        String text;
        try {
            text = Files.readString(file());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return moveAside("cannot be read (" + ErrorText.of(e) + ")");
        }
        try {
            return parse(text);
        } catch (RuntimeException e) {
            return moveAside("is damaged (" + ErrorText.of(e) + ")");
        }
    }

    /** Replaces the index with {@code runs} (in submission order), atomically. */
    synchronized void save(List<RunRecord> runs) throws IOException {
        List<Object> list = new ArrayList<>(runs.size());
        for (RunRecord r : runs) list.add(toJson(r));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("runs", list);
        RunDirectory.create(folder).writeString(FILE, Json.write(doc, true) + "\n");
    }

    private List<RunRecord> parse(String text) {
        if (!(Json.parse(text) instanceof Map<?, ?> doc)) throw new IllegalArgumentException("not a JSON object");
        if (!Long.valueOf(FORMAT).equals(doc.get("format"))) {
            throw new IllegalArgumentException("format " + doc.get("format") + ", this build reads " + FORMAT);
        }
        if (!(doc.get("runs") instanceof List<?> list)) throw new IllegalArgumentException("no list of runs");
        List<RunRecord> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException("a run that is not an object: " + o);
            out.add(fromJson(m));
        }
        return out;
    }

    private static Map<String, Object> toJson(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("method", r.methodId());
        m.put("params", r.params());
        m.put("state", r.state().id());
        m.put("done", r.done());
        m.put("total", r.total());
        m.put("message", r.message());
        m.put("submitted", text(r.submitted()));
        m.put("started", text(r.started()));
        m.put("finished", text(r.finished()));
        m.put("resumable", r.resumable());
        m.put("attempts", r.attempts());
        return m;
    }

    private RunRecord fromJson(Map<?, ?> m) {
        String id = string(m, "id");
        if (!SAFE_ID.matcher(id).matches()) throw new IllegalArgumentException("run id '" + id + "' is not a folder name");
        if (!(m.get("params") instanceof Map<?, ?> raw)) throw new IllegalArgumentException("run " + id + " has no params");
        Map<String, String> params = new LinkedHashMap<>();
        raw.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        String state = string(m, "state");
        RunStatus status = RunStatus.parse(state)
                .orElseThrow(() -> new IllegalArgumentException("run " + id + " has the unknown state '" + state + "'"));
        return new RunRecord(id, string(m, "method"), params, folder.resolve(id), status, number(m, "done"),
                number(m, "total"), string(m, "message"), Instant.parse(string(m, "submitted")), instant(m, "started"),
                instant(m, "finished"), Boolean.TRUE.equals(m.get("resumable")), (int) number(m, "attempts"));
    }

    private static String string(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) throw new IllegalArgumentException("'" + key + "' is not a string: " + m.get(key));
        return s;
    }

    private static long number(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Long n)) throw new IllegalArgumentException("'" + key + "' is not an integer: " + m.get(key));
        return n;
    }

    private static Instant instant(Map<?, ?> m, String key) {
        return m.get(key) == null ? null : Instant.parse(string(m, key));
    }

    private static String text(Instant t) { return t == null ? null : t.toString(); }

    private List<RunRecord> moveAside(String problem) {
        String base = FILE + ".bad-" + STAMP.format(clock.instant().atZone(clock.getZone()));
        for (int n = 1; n < 1000; n++) {
            Path target = folder.resolve(n == 1 ? base : base + "-" + n);
            try {
                Files.move(file(), target);
                LOG.warn("the run index {} {}; moved it to {} and starting with no runs", file(), problem, target);
                return List.of();
            } catch (FileAlreadyExistsException taken) {
                // try the next name
            } catch (IOException e) {
                LOG.warn("the run index {} {} and cannot be moved aside ({}); starting with no runs, it will be replaced",
                        file(), problem, ErrorText.of(e));
                return List.of();
            }
        }
        LOG.warn("the run index {} {}; starting with no runs, it will be replaced", file(), problem);
        return List.of();
    }
}
