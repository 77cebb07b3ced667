package org.polymorph.materials.internal.potential;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.polymorph.core.testing.ParserFuzzing;

/**
 * Jazzer fuzz target of the LAMMPS potential-file readers, chosen by the input's first byte (mod 5): 0 eam funcfl
 * ({@code pair_style eam}), 1 eam/alloy setfl (types Cu Ni), 2 sw, 3 tersoff, 4 edip (type Si); the rest of the input
 * is the file. Each must build the potential or throw IllegalArgumentException naming the file (see
 * {@link ParserFuzzing}). Seeds: small valid files of each format in {@code PotentialFilesFuzzInputs/files/}.
 */
class PotentialFilesFuzz {
    static final ParserFuzzing FUZZ = new ParserFuzzing("PotentialFilesFuzz");
    private static final String[] NAMES = {"fuzzed.eam", "fuzzed.eam.alloy", "fuzzed.sw", "fuzzed.tersoff", "fuzzed.edip"};

    @FuzzTest(maxDuration = "10s")
    void files(byte[] data) {
        if (data.length == 0) return;
        int reader = (data[0] & 0xFF) % NAMES.length;
        Path f = FUZZ.file(NAMES[reader], Arrays.copyOfRange(data, 1, data.length));
        String name = NAMES[reader];
        switch (reader) {
            case 0 -> FUZZ.check("eam (funcfl)", name, IllegalArgumentException.class, () -> Eam.funcfl(f, f));
            case 1 -> FUZZ.check("eam/alloy (setfl)", name, IllegalArgumentException.class, () -> Eam.setfl(f, "Cu", "Ni"));
            case 2 -> FUZZ.check("sw", name, IllegalArgumentException.class, () -> StillingerWeber.read(f, List.of("Si")));
            case 3 -> FUZZ.check("tersoff", name, IllegalArgumentException.class, () -> Tersoff.read(f, List.of("Si")));
            default -> FUZZ.check("edip", name, IllegalArgumentException.class, () -> Edip.read(f, List.of("Si")));
        }
    }

    @AfterAll
    static void report() { FUZZ.writeReport(); }
}
