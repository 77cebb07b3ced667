package org.polymorph.materials.internal.method;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.nn.ParamStore;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.runtime.Json;
import org.polymorph.optimizers.OptState;

/**
 * The resumable state of an {@code ff.mlp} run, kept in one checkpoint file ({@link Checkpoint}: the core header with the run's
 * parameters, then this payload): optimizer steps and losses of training, the g(r) curves done so far, DiffTRe rounds with their
 * losses and the last frame's positions, and per optimizing phase (train, finetune) the weights and optimizer state. The file is
 * written atomically, so the phases' weights and the counts that go with them are never out of step; a resumed run restores
 * them bit for bit and continues exactly as an uninterrupted one.
 *
 * <p>Payload, version {@value #PAYLOAD_VERSION}, big-endian: int n, then n bytes of UTF-8 JSON (train_step, train_loss, curves,
 * round, rounds, last_positions); int phases, then per phase: UTF name, int m, then m bytes in {@link ParamStore}'s format of the
 * list [weights, optimizer state].
 */
final class MlpCheckpoint {
    static final String FILE = "checkpoint.bin";
    static final int PAYLOAD_VERSION = 1;
    private final RunDirectory dir;
    private final Method method;
    private final Params params;
    int trainStep;
    final List<Double> trainLoss = new ArrayList<>();
    final Map<String, double[]> curves = new LinkedHashMap<>();
    int round;
    final List<double[]> rounds = new ArrayList<>();      // {loss, steps, ess fraction} per DiffTRe round
    double[] lastPositions;
    private final Map<String, byte[]> phases = new LinkedHashMap<>();

    /** The state of a new run of {@code method} with {@code params}, written into {@code dir}. */
    MlpCheckpoint(RunDirectory dir, Method method, Params params) {
        this.dir = dir;
        this.method = method;
        this.params = params;
    }

    /** The checkpoint of an earlier run in {@code dir}; bad input when absent, damaged or of other parameters (the core resume rule). */
    static MlpCheckpoint load(RunDirectory dir, Method method, Params params) {
        Checkpoint c = Checkpoint.resume(dir, FILE, method, params);
        MlpCheckpoint cp = new MlpCheckpoint(dir, method, params);
        cp.restore(c);
        return cp;
    }

    /** Fills this state from the payload of {@code c}; bad input naming the file when the payload is damaged. */
    @SuppressWarnings("unchecked")
    void restore(Checkpoint c) {
        try (DataInputStream in = c.payloadStream()) {
            if (c.payloadVersion() != PAYLOAD_VERSION) throw new IOException("payload version " + c.payloadVersion() + "; this build reads " + PAYLOAD_VERSION);
            Map<String, Object> m = (Map<String, Object>) Json.parse(new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8));
            trainStep = ((Number) m.get("train_step")).intValue();
            for (Object x : (List<Object>) m.get("train_loss")) trainLoss.add(((Number) x).doubleValue());
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("curves")).entrySet()) curves.put(e.getKey(), Json.doubles(e.getValue()));
            round = ((Number) m.get("round")).intValue();
            for (Object x : (List<Object>) m.get("rounds")) rounds.add(Json.doubles(x));
            if (m.get("last_positions") != null) lastPositions = Json.doubles(m.get("last_positions"));
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String phase = in.readUTF();
                byte[] b = in.readNBytes(in.readInt());
                phases.put(phase, b);
            }
        } catch (EOFException e) {
            throw unreadable("it is truncated");
        } catch (ClassCastException | NullPointerException e) {
            // the JSON state lacks a field or holds one of another type: say so, not which Java types met
            throw unreadable("its state lacks a field or has one of the wrong type");
        } catch (IOException | RuntimeException e) {
            throw unreadable(e.getMessage());
        }
    }

    private BadInputException unreadable(String why) {
        return BadInputException.forParam("resume", true, dir.resolve(FILE) + " is unreadable (" + why + ")", "start a new run directory");
    }

    /** Writes the whole state atomically. */
    void save() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_step", trainStep);
        m.put("train_loss", trainLoss);
        m.put("curves", curves);           // Json writes double[] as number arrays
        m.put("round", round);
        m.put("rounds", rounds);
        if (lastPositions != null) m.put("last_positions", lastPositions);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] json = Json.write(m, false).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(phases.size());
            for (Map.Entry<String, byte[]> e : phases.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        }
        Checkpoint.write(dir, FILE, method, params, PAYLOAD_VERSION, bytes.toByteArray());
    }

    /** Keeps the weights and optimizer state of {@code phase} (train or finetune) for the next {@link #save}. */
    void putParams(Ops o, String phase, Object weights, OptState state) {
        phases.put(phase, new ParamStore(o).toBytes(List.of(weights, state)));
    }

    /** [weights, optimizer state] of {@code phase}, shaped like {@code weights} and {@code state}. */
    List<Object> loadParams(Ops o, String phase, Object weights, OptState state) {
        byte[] b = phases.get(phase);
        if (b == null) throw BadInputException.forParam("resume", true, dir.resolve(FILE) + " holds no " + phase + " weights", "start a new run directory");
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) new ParamStore(o).fromBytes(b, List.of(weights, state), FILE + " (" + phase + ")");
        return l;
    }
}
