package org.polymorph.materials.internal.method;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.nn.ParamStore;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Json;
import org.polymorph.optimizers.OptState;

/**
 * The resumable state of an {@code ff.mlp} run: {@code checkpoint.json} (the run's signature, optimizer steps and losses of
 * training, the g(r) curves done so far, DiffTRe rounds with their losses and the last frame's positions) and, per
 * optimizing phase, {@code checkpoint-<phase>.params} (ParamStore: the list [weights, optimizer state]). Both are written
 * atomically; a resumed run restores them bit for bit, so it continues exactly as an uninterrupted one.
 */
final class MlpCheckpoint {
    static final String FILE = "checkpoint.json";
    private final RunDirectory dir;
    private final String signature;
    int trainStep;
    final List<Double> trainLoss = new ArrayList<>();
    final Map<String, double[]> curves = new LinkedHashMap<>();
    int round;
    final List<double[]> rounds = new ArrayList<>();      // {loss, steps, ess fraction} per DiffTRe round
    double[] lastPositions;

    MlpCheckpoint(RunDirectory dir, String signature) {
        this.dir = dir;
        this.signature = signature;
    }

    /** The checkpoint of an earlier run in {@code dir}; bad input when absent or of other settings. */
    @SuppressWarnings("unchecked")
    static MlpCheckpoint load(RunDirectory dir, String signature) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) throw BadInputException.forParam("resume", "true", "there is no " + f, "run without resume first (same --out)");
        Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(f));
        if (!signature.equals(m.get("signature"))) {
            throw BadInputException.forParam("resume", "true", f + " belongs to a run with other settings (" + m.get("signature") + ")",
                    "repeat that run's parameters, or start a new run directory");
        }
        MlpCheckpoint c = new MlpCheckpoint(dir, signature);
        c.trainStep = ((Number) m.get("train_step")).intValue();
        for (Object x : (List<Object>) m.get("train_loss")) c.trainLoss.add(((Number) x).doubleValue());
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("curves")).entrySet()) c.curves.put(e.getKey(), Json.doubles(e.getValue()));
        c.round = ((Number) m.get("round")).intValue();
        for (Object x : (List<Object>) m.get("rounds")) c.rounds.add(Json.doubles(x));
        if (m.get("last_positions") != null) c.lastPositions = Json.doubles(m.get("last_positions"));
        return c;
    }


    void save() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signature", signature);
        m.put("train_step", trainStep);
        m.put("train_loss", trainLoss);
        m.put("curves", curves);           // Json writes double[] as number arrays
        m.put("round", round);
        m.put("rounds", rounds);
        if (lastPositions != null) m.put("last_positions", lastPositions);
        dir.writeString(FILE, Json.write(m, false));
    }

    /** Weights and optimizer state of {@code phase} (train or finetune). */
    void saveParams(Ops o, String phase, Object params, OptState state) throws IOException {
        dir.writeFile("checkpoint-" + phase + ".params", p -> new ParamStore(o).save(p, List.of(params, state)));
    }

    /** [weights, optimizer state] of {@code phase}, shaped like {@code params} and {@code state}. */
    List<Object> loadParams(Ops o, String phase, Object params, OptState state) throws IOException {
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) new ParamStore(o).load(dir.resolve("checkpoint-" + phase + ".params"), List.of(params, state));
        return l;
    }
}
