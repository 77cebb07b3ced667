package org.polymorph.materials.internal.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** crystal.predict end to end on 16 SW atoms and a few hundred MD steps (seconds). */
class PredictMethodTest {
    static final PredictMethod WITH_DOUBLES = new PredictMethod(FixedCatalog.builtin(), Optional.of(RankingTest.BY_COUNT), Optional.of(RankingTest.SAME_BOX));

    static List<String> tiny(String... more) {
        List<String> kv = new ArrayList<>(List.of("composition=Si16", "box_length=6.9", "equi_steps=100", "cool_steps=100", "final_steps=100", "dt=1",
                "thermo_every=20", "d_frac=0.25", "n_min=2", "n_max=4", "relax_steps=300", "threads=2", "checkpoint_every=40", "seed=3",
                "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "overrides=lambda=42"));
        kv.addAll(List.of(more));
        return kv;
    }

    static Params params(PredictMethod m, List<String> kv) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String s : kv) raw.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        return Params.parse(m.id(), m.params(), raw);
    }

    static Result run(PredictMethod m, Path dir, Progress progress, String... more) throws Exception {
        return m.run(params(m, tiny(more)), progress, RunDirectory.create(dir));
    }

    /** Progress that cancels the run once its first batch of subcells is relaxed and checkpointed. */
    static Progress stopAfterFirstBatch() {
        boolean[] cancel = {false};
        return new Progress() {
            @Override public void update(long done, long total, String message) {
                if (message.startsWith("relaxed ")) cancel[0] = true;
            }

            @Override public boolean cancelled() { return cancel[0]; }
        };
    }

    @Test
    void predictsRanksGroupsAndWritesItsFiles(@TempDir Path tmp) throws Exception {
        Result r = run(WITH_DOUBLES, tmp.resolve("a"), Progress.NONE);
        Map<String, Object> v = r.values();
        int subcells = (Integer) v.get("subcells");
        int valid = (Integer) v.get("valid");
        assertTrue(subcells > 20 && valid > 0 && valid <= subcells, v.toString());
        @SuppressWarnings("unchecked") Map<String, Object> p = (Map<String, Object>) v.get("predicted");
        List<String> rows = Files.readAllLines(tmp.resolve("a/candidates.csv"));
        assertEquals(subcells + 1, rows.size());
        // the predicted one is the lowest energy per atom among the valid rows
        double lowest = Double.POSITIVE_INFINITY;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (Boolean.parseBoolean(f[9])) lowest = Math.min(lowest, Double.parseDouble(f[6]));
        }
        assertEquals(lowest, (Double) p.get("energy_per_atom"));
        String sg = ((Integer) p.get("natoms")) == 8 ? "Fd-3m" : "P6_3/mmc";
        assertEquals(sg, p.get("spacegroup_symbol"), "the finder double classifies by atom count");
        for (String f : List.of("amorphous.extxyz", "amorphous.cif", "melt_quench.csv", "groups.csv", "references.csv", "energy_histogram.png", (String) p.get("file"))) {
            assertTrue(Files.size(tmp.resolve("a").resolve(f)) > 0, f);
        }
        assertEquals(1 + 300 / 20, Files.readAllLines(tmp.resolve("a/melt_quench.csv")).size() - 1);
        // the shipped library's Si polymorphs are relaxed under the same potential (SW with λ doubled)
        @SuppressWarnings("unchecked") Map<String, Object> refs = (Map<String, Object>) v.get("reference_energy_per_atom");
        assertEquals(List.of("Si-diamond", "Si-lonsdaleite"), new ArrayList<>(refs.keySet()));
        assertTrue((Double) refs.get("Si-diamond") < (Double) refs.get("Si-lonsdaleite"));
        List<String> groups = Files.readAllLines(tmp.resolve("a/groups.csv"));
        int members = 0;
        for (String g : groups.subList(1, groups.size())) members += Integer.parseInt(g.split(",")[1]);
        assertEquals(valid, members, "every valid candidate is in one group");
    }

    /** Cancelled after its first checkpointed batch, then resumed on another thread count: the same files as an uninterrupted run. */
    @Test
    void resumeGivesIdenticalResults(@TempDir Path tmp) throws Exception {
        run(WITH_DOUBLES, tmp.resolve("whole"), Progress.NONE);
        assertThrows(CancelledException.class, () -> run(WITH_DOUBLES, tmp.resolve("cut"), stopAfterFirstBatch()));
        assertTrue(Files.exists(tmp.resolve("cut/checkpoint.bin")));
        // resumed on one thread: the relaxations' results do not depend on the thread count
        Result r = run(WITH_DOUBLES, tmp.resolve("cut"), Progress.NONE, "resume=true", "threads=1");
        assertEquals(40, r.values().get("resumed_from_subcell"));
        for (String f : List.of("candidates.csv", "groups.csv", "melt_quench.csv", "amorphous.extxyz", "references.csv")) {
            assertEquals(Files.readString(tmp.resolve("whole").resolve(f)), Files.readString(tmp.resolve("cut").resolve(f)), f);
        }
    }

    /**
     * Resumed with other subcell parameters: the checkpoint's amorphous cell is kept and the new subcells are relaxed from
     * the start, giving what a whole run with those parameters gives.
     */
    @Test
    void resumeWithOtherSubcellsKeepsTheAmorphousCellAndRelaxesAnew(@TempDir Path tmp) throws Exception {
        run(WITH_DOUBLES, tmp.resolve("whole"), Progress.NONE, "d_frac=0.2", "n_max=6");
        assertThrows(CancelledException.class, () -> run(WITH_DOUBLES, tmp.resolve("cut"), stopAfterFirstBatch()));
        Result r = run(WITH_DOUBLES, tmp.resolve("cut"), Progress.NONE, "resume=true", "d_frac=0.2", "n_max=6");
        assertEquals(0, r.values().get("resumed_from_subcell"));
        for (String f : List.of("candidates.csv", "groups.csv", "melt_quench.csv", "amorphous.extxyz")) {
            assertEquals(Files.readString(tmp.resolve("whole").resolve(f)), Files.readString(tmp.resolve("cut").resolve(f)), f);
        }
    }

    /** A checkpoint whose payload is cut short is refused with exit 2 naming resume, before any MD. */
    @Test
    void damagedCheckpointIsBadInput(@TempDir Path tmp) throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve("d"));
        org.polymorph.core.run.Checkpoint.write(dir, PredictCheckpoint.FILE, WITH_DOUBLES, params(WITH_DOUBLES, tiny("resume=true")), PredictCheckpoint.VERSION,
                new byte[] {0, 0, 0, 9, 1, 2});
        BadInputException e = assertThrows(BadInputException.class, () -> WITH_DOUBLES.run(params(WITH_DOUBLES, tiny("resume=true")), Progress.NONE, dir));
        assertTrue(e.getMessage().contains("resume") && e.getMessage().contains(PredictCheckpoint.FILE), e.getMessage());
    }

    @Test
    void badInputsNameTheParameter(@TempDir Path tmp) {
        BadInputException e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("a"), Progress.NONE, "composition=Xx16"));
        assertTrue(e.getMessage().contains("composition") && e.getMessage().contains("Xx"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("b"), Progress.NONE, "composition=Ti4O8"));
        assertTrue(e.getMessage().contains("Ti") || e.getMessage().contains("O"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("c"), Progress.NONE, "restrict_to_compositions=SiO2"));
        assertTrue(e.getMessage().contains("no subcell"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("d"), Progress.NONE, "box_length=0"));
        assertTrue(e.getMessage().contains("box_length"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("e"), Progress.NONE, "t_low=3000"));
        assertTrue(e.getMessage().contains("t_low"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("f"), Progress.NONE, "element_energies=Si=-4"));
        assertTrue(e.getMessage().contains("element_energies"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(WITH_DOUBLES, tmp.resolve("g"), Progress.NONE, "references=" + tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("references"), e.getMessage());
    }
}
