package org.polymorph.materials.internal.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.polymorph.core.testing.ParserFuzzing;

/**
 * Jazzer fuzz target of the structure-file readers, chosen by the input's first byte (mod 5; see {@link #files} for
 * its top bit): 0 extXYZ (every frame),
 * 1 POSCAR, 2 CIF, 3 LAMMPS data (types Si O), 4 LAMMPS dump (every frame, types Si O); the rest of the input is the
 * file. Each must give its structures or throw IllegalArgumentException naming the file (see {@link ParserFuzzing}).
 * Seeds: small valid files of each format in {@code StructureFilesFuzzInputs/files/}.
 *
 * <p>Until the readers' fixes for the findings listed in {@code fuzz-findings-structure.md} are merged, the parent
 * pom's {@code fuzz.pending} (set in this module's pom) keeps this target out of fuzzing: its seeds run in
 * regression mode only.
 */
class StructureFilesFuzz {
    static final ParserFuzzing FUZZ = new ParserFuzzing("StructureFilesFuzz");
    private static final String[] NAMES = {"fuzzed.extxyz", "POSCAR", "fuzzed.cif", "fuzzed.data", "fuzzed.dump"};
    private static final List<String> TYPES = List.of("Si", "O");

    @FuzzTest(maxDuration = "10s")
    void files(byte[] data) {
        if (data.length == 0) return;
        int reader = (data[0] & 0xFF) % NAMES.length;
        String name = NAMES[reader];
        byte[] text = Arrays.copyOfRange(data, 1, data.length);
        // a first byte below 128 makes the file ASCII, so that the format's logic is explored past the byte-level
        // finding every reader shares (bytes that are not UTF-8); 128 and up keep the bytes as they are
        if (data[0] >= 0) for (int k = 0; k < text.length; k++) text[k] &= 0x7F;
        Path f = FUZZ.file(name, text);
        switch (reader) {
            case 0 -> FUZZ.check("extxyz", name, IllegalArgumentException.class, () -> StructureFiles.readXyz(f));
            case 1 -> FUZZ.check("poscar", name, IllegalArgumentException.class, () -> StructureFiles.readPoscar(f));
            case 2 -> FUZZ.check("cif", name, IllegalArgumentException.class, () -> StructureFiles.readCif(f));
            case 3 -> FUZZ.check("lammps data", name, IllegalArgumentException.class, () -> StructureFiles.readLammpsData(f, TYPES));
            default -> FUZZ.check("lammps dump", name, IllegalArgumentException.class, () -> StructureFiles.readLammpsDump(f, TYPES));
        }
    }

    @AfterAll
    static void report() { FUZZ.writeReport(); }
}
