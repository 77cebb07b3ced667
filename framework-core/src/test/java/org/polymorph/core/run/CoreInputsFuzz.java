package org.polymorph.core.run;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.testing.ParserFuzzing;

/**
 * Jazzer fuzz target of the framework's readers of outside input, chosen by the input's first byte:
 * 0 the command line of a Method ({@link KeyValueArgs} then {@link Params#parse} over a spec with every
 * parameter type; the tokens are the rest of the input split at newlines), 1 a run checkpoint file
 * ({@link Checkpoint#read}). Both must end in a BadInputException naming the parameter or the file
 * (see {@link ParserFuzzing}). Seeds: {@code CoreInputsFuzzInputs/inputs/} in the test resources.
 */
class CoreInputsFuzz {
    static final ParserFuzzing FUZZ = new ParserFuzzing("CoreInputsFuzz");

    /** One parameter of each type, with ranges as Methods declare them. */
    static final List<ParamSpec> SPECS = List.of(
            ParamSpec.integer("steps", 100, "steps", 0, 1_000_000_000, "steps"),
            ParamSpec.integer("seed", 0, "", Long.MIN_VALUE, Long.MAX_VALUE, "seed"),
            ParamSpec.real("dt", 1.0, "fs", 1e-6, 100, "time step"),
            ParamSpec.real("t", null, "K", 0, Double.MAX_VALUE, "temperature"),
            ParamSpec.bool("resume", false, "resume"),
            ParamSpec.text("element", "Si", "element"),
            ParamSpec.choice("ensemble", "nve", List.of("nve", "nvt", "npt"), "ensemble"),
            ParamSpec.intList("repeat", List.of(1, 1, 1), "", 1, 1000, "repeat"),
            ParamSpec.intList("sizes", List.of(1), "", 1, 4_000_000_000L, "sizes"),
            ParamSpec.realList("pressures", List.of(0.0), "GPa", -1e3, 1e3, "pressures"),
            ParamSpec.path("potential_file", "", "file"),
            ParamSpec.files("data_files", "", "files"));

    @FuzzTest(maxDuration = "10s")
    void inputs(byte[] data) {
        if (data.length == 0) return;
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        switch (data[0] & 1) {
            case 0 -> commandLine(rest);
            default -> checkpoint(rest);
        }
    }

    private static void commandLine(byte[] rest) {
        FUZZ.input(rest);
        List<String> tokens = List.of(new String(rest, StandardCharsets.UTF_8).split("\n", -1));
        FUZZ.check("key=value parameters", "", BadInputException.class, () -> {
            Map<String, String> raw = KeyValueArgs.parse("fuzz.method", tokens);
            Params p = Params.parse("fuzz.method", SPECS, raw);
            for (ParamSpec s : SPECS) {
                Object v = p.get(s.name());
                if (v instanceof List<?> l) {
                    for (Object x : l) inRange(s, ((Number) x).doubleValue(), raw.get(s.name()));
                } else if (v instanceof Number n) {
                    inRange(s, n.doubleValue(), raw.get(s.name()));
                }
            }
        });
    }

    /** A value accepted by the parser lies in the spec's range (an int list value that wrapped around does not). */
    private static void inRange(ParamSpec s, double v, String raw) {
        if (v < s.min() || v > s.max()) throw new IllegalStateException(s.name() + "=" + raw + " was accepted as " + v);
    }

    private static void checkpoint(byte[] rest) {
        Path f = FUZZ.file("checkpoint.bin", rest);
        FUZZ.check("run checkpoint", f.toString(), BadInputException.class, () -> Checkpoint.read(f));
    }

    @AfterAll
    static void report() { FUZZ.writeReport(); }
}
