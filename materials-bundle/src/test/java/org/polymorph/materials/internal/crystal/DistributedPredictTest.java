package org.polymorph.materials.internal.crystal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * crystal.predict with its subcells as work items ({@link RelaxWork}) on local threads gives the files of the relaxations
 * on the run's thread, bit for bit, whole and cancelled-then-resumed; an item survives its JSON text; bad item
 * parameters are named.
 */
class DistributedPredictTest {
    private final RelaxWork kind = new RelaxWork(FixedCatalog.builtin());
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final LocalDistributed local = new LocalDistributed(ServiceCatalog.of("work kind", Map.of(RelaxWork.NAME, (WorkKind) kind)), pool, 2);
    private final PredictMethod spread = new PredictMethod(FixedCatalog.builtin(), Optional.of(RankingTest.BY_COUNT), Optional.of(RankingTest.SAME_BOX), () -> local);

    @AfterEach void close() { pool.shutdownNow(); }

    private static final List<String> FILES = List.of("candidates.csv", "groups.csv", "references.csv", "melt_quench.csv", "amorphous.extxyz");

    @SuppressWarnings("unchecked")
    @Test
    void relaxationsOnLocalThreadsEqualThoseOnTheRunsThread(@TempDir Path tmp) throws Exception {
        Result serial = PredictMethodTest.run(PredictMethodTest.WITH_DOUBLES, tmp.resolve("serial"), Progress.NONE);
        Result r = PredictMethodTest.run(spread, tmp.resolve("spread"), Progress.NONE, "threads=3");
        for (String f : FILES) assertEquals(Files.readString(tmp.resolve("serial").resolve(f)), Files.readString(tmp.resolve("spread").resolve(f)), f);
        assertEquals(serial.values().get("predicted"), r.values().get("predicted"));
        assertEquals(serial.values().get("groups"), r.values().get("groups"));
        Map<String, Object> facts = (Map<String, Object>) r.values().get("distributed");
        assertEquals(((Number) r.values().get("subcells")).longValue(), facts.get("items"));
        assertEquals(List.of("local"), facts.get("members"));
        // cancelled after its first checkpoint batch (40 subcells, handed out whole: threads=0), resumed on local threads
        assertThrows(CancelledException.class, () -> PredictMethodTest.run(spread, tmp.resolve("cut"), cancelAtCheckpoint(), "threads=0"));
        Result resumed = PredictMethodTest.run(spread, tmp.resolve("cut"), Progress.NONE, "resume=true", "distributed=false");
        assertEquals(40, resumed.values().get("resumed_from_subcell"));
        for (String f : FILES) assertEquals(Files.readString(tmp.resolve("serial").resolve(f)), Files.readString(tmp.resolve("cut").resolve(f)), f);
    }

    /** Cancels once a checkpoint batch is written (the Method's own "relaxed n of m" after the batch, not the items' reports). */
    private static Progress cancelAtCheckpoint() {
        boolean[] cancel = {false};
        return new Progress() {
            @Override public void update(long done, long total, String message) {
                if (done == 40 && message.equals("relaxed 40 of " + total + " subcells")) cancel[0] = true;
            }

            @Override public boolean cancelled() { return cancel[0]; }
        };
    }

    @Test
    void anItemSurvivesItsJsonAndGivesTheOutcomeOfARelaxationHere() {
        Atoms cell = new Atoms(new double[] {0, 0, 0, 1.3, 1.42, 1.37, 2.8, 2.7, 0.1, 0.05, 2.72, 2.69}, new int[4], List.of("Si"), new double[] {28.0855},
                Box.periodic(new double[] {5.4, 0, 0, 0.1, 5.5, 0, 0, 0, 5.3}));
        Criteria criteria = new Criteria(0.05, 0.1, 200);
        Map<String, Object> pot = RelaxWork.potential("sw", Oracles.potentialFile("Si.sw").toString(), "lambda=42", List.of("Si"));
        WorkItem item = RelaxWork.item(3, cell, pot, criteria);
        WorkItem back = WorkItem.fromJson(item.toJson());
        assertEquals(item, back);
        Potential sw = FixedCatalog.builtin().create("sw", Oracles.potentialFile("Si.sw").toString(), "lambda=42", List.of("Si"));
        SubcellRelaxer.Outcome here = new SubcellRelaxer(sw, criteria).relax(cell);
        SubcellRelaxer.Outcome there = RelaxWork.outcome(cell, WorkKind.runCanonical(kind, back, Progress.NONE));
        assertEquals(here.initialEnergy(), there.initialEnergy(), 0.0);
        assertEquals(here.energy(), there.energy(), 0.0);
        assertEquals(here.steps(), there.steps());
        assertEquals(here.converged(), there.converged());
        assertEquals(here.failure(), there.failure());
        assertArrayEquals(here.atoms().positions(), there.atoms().positions(), 0.0);
        assertArrayEquals(here.atoms().box().h(), there.atoms().box().h(), 0.0);
        assertTrue(here.steps() > 0 && here.energy() < here.initialEnergy(), "the subcell relaxed");
    }

    @SuppressWarnings("unchecked")
    @Test
    void badItemParametersAreNamed() {
        Atoms cell = new Atoms(new double[] {0, 0, 0, 1.3, 1.4, 1.3}, new int[2], List.of("Si"), new double[] {28.0855},
                Box.periodic(new double[] {3, 0, 0, 0, 3, 0, 0, 0, 3}));
        WorkItem good = RelaxWork.item(0, cell, RelaxWork.potential("sw", Oracles.potentialFile("Si.sw").toString(), "", List.of("Si")), new Criteria(0.05, 0.1, 5));
        String[][] cases = {{"relax_steps", "0", "relax_steps"}, {"fmax", "\"small\"", "fmax"}, {"structure", "{\"positions\": [0.0, 0.0]}", "structure.types"},
                {"structure", "{\"positions\": [0, \"x\", 0], \"types\": [0]}", "structure.positions[1]"}};
        for (String[] c : cases) {
            Map<String, Object> p = new LinkedHashMap<>(good.params());
            p.put(c[0], Json.parse(c[1]));
            BadInputException e = assertThrows(BadInputException.class, () -> kind.run(new WorkItem("s", RelaxWork.NAME, p, 0), Progress.NONE), c[2]);
            assertTrue(e.getMessage().contains("'" + c[2] + "'"), c[2] + " -> " + e.getMessage());
        }
        Map<String, Object> p = new LinkedHashMap<>(good.params());
        Map<String, Object> pot = new LinkedHashMap<>((Map<String, Object>) p.get("potential"));
        pot.put("spec", "no_such_style");
        p.put("potential", pot);
        BadInputException e = assertThrows(BadInputException.class, () -> local.map(List.of(new WorkItem("s9", RelaxWork.NAME, p, 0)), Placement.LOCAL, Progress.NONE));
        assertTrue(e.getMessage().contains("work item s9") && e.getMessage().contains("no_such_style"), e.getMessage());
    }
}
