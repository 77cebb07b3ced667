package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.CheckpointFixtures;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.internal.forcefield.FitMethod;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The four Methods with a checkpoint and long loops: a checkpoint of the current format stored under
 * src/test/resources/checkpoints resumes, and the continued run equals an uninterrupted one bit for bit; a run
 * cancelled from another thread stops within about a second, leaves its checkpoint, and resuming it completes
 * equal to an uninterrupted run.
 */
class CheckpointResumeTest {
    private static final AD AD_ENGINE = new AutodiffEngines().create(new ReferenceTensorService());
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor();

    @AfterAll
    static void stop() { RUNNER.shutdownNow(); }

    /**
     * One Method on a tiny problem: its arguments in a run directory (whose input files {@code inputs} wrote), the arguments
     * that stop it early for the fixture (more may follow on resume), the files a continued run must reproduce, and the
     * progress message at which the cancel test cancels.
     */
    enum Case {
        MD_RUN(() -> new RunMethod(FixedCatalog.builtin()), Case::silicon, d -> List.of("lattice=diamond", "a=5.431", "repeat=1,1,1", "element=Si", "potential=sw",
                "potential_file=" + d.resolve("Si.sw"), "ensemble=nvt-langevin", "temperature=600", "dt=1", "thermo_every=2", "dump_every=4",
                "seed=3", "checkpoint_every=5", "steps=400"), List.of("steps=10"),
                List.of("thermo.csv", "trajectory.extxyz", "final.extxyz"), m -> m.startsWith("T = ")),
        MD_NEB(() -> new NebMethod(FixedCatalog.builtin()), Case::hop, d -> List.of("initial=" + d.resolve("initial.POSCAR"), "final=" + d.resolve("final.POSCAR"),
                "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=6,shift=true", "images=3", "fmax=1e-4", "checkpoint_every=5"),
                List.of("steps=12"), List.of("neb.csv", "path.extxyz", "saddle.extxyz"), m -> m.startsWith("md.neb: 3 images")),
        FF_FIT(() -> new FitMethod(AD_ENGINE, org.polymorph.materials.TestServices.OPTIMIZERS, FixedCatalog.builtin()), Case::silicon, d -> List.of("style=sw", "potential_file=" + d.resolve("Si.sw"), "free=lambda,A",
                "bounds=lambda:15:21.5", "optimizer=adam", "lr=0.01", "targets=C11=165.7,C12=63.9,C44=79.6,P=0.01", "checkpoint_every=3",
                "steps=6"), List.of("steps=2"), List.of("fitted.sw", "loss.csv"), m -> m.startsWith("loss ")),
        FF_MLP(() -> new MlpMethod(() -> AD_ENGINE, MlpMethodTest.OPTIMIZERS, FixedCatalog.builtin()), Case::silicon, d -> List.of("potential=sw", "potential_file=" + d.resolve("Si.sw"),
                "repeat=1,1,1", "hidden=4", "radial=3", "frames_per_phase=2", "every=2", "train_steps=6", "rounds=2", "steps_per_round=2",
                "warm=10", "frames=4", "rdf_frames=3", "rdf_min=2.0", "rdf_max=4.5", "rdf_points=12", "checkpoint_every=2", "seed=3",
                "test_temperatures=2600"), List.of(), List.of("trained.nnbp", "finetuned.nnbp", "rdf.csv", "train_loss.csv", "finetune_loss.csv"),
                m -> m.startsWith("second reference run"));

        final java.util.function.Supplier<Method> method;
        final Inputs inputs;
        final Function<Path, List<String>> args;
        final List<String> early;
        final List<String> compared;
        final Predicate<String> cancelAt;

        Case(java.util.function.Supplier<Method> method, Inputs inputs, Function<Path, List<String>> args, List<String> early,
             List<String> compared, Predicate<String> cancelAt) {
            this.method = method;
            this.inputs = inputs;
            this.args = args;
            this.early = early;
            this.compared = compared;
            this.cancelAt = cancelAt;
        }

        /** The run directory {@code d} (created) with this case's input files. */
        Path prepare(Path d) throws Exception {
            Files.createDirectories(d);
            inputs.write(d);
            return d;
        }

        String[] argv(Path d, List<String> more) {
            List<String> a = new ArrayList<>(args.apply(d));
            a.addAll(more);
            return a.toArray(new String[0]);
        }

        /** The input files' names, as stored with the fixture. */
        List<String> inputNames() { return this == MD_NEB ? List.of("initial.POSCAR", "final.POSCAR") : List.of("Si.sw"); }

        @FunctionalInterface
        interface Inputs {
            void write(Path dir) throws Exception;
        }

        private static void silicon(Path d) throws Exception { Files.copy(Oracles.potentialFile("Si.sw"), d.resolve("Si.sw")); }

        /** A vacancy hop in a 2×2×2 fcc argon cell (31 atoms): the atom nearest the vacancy moves into it. */
        private static void hop(Path d) throws Exception {
            Atoms perfect = Lattices.build("fcc", 5.26, new int[] {2, 2, 2}, "Ar", 39.948);
            double[] r = perfect.positions();
            int hop = 1;
            for (int j = 2; j < perfect.size(); j++) if (distance2(r, j) < distance2(r, hop)) hop = j;
            double[] ini = Arrays.copyOfRange(r, 3, r.length);
            double[] fin = ini.clone();
            System.arraycopy(r, 0, fin, 3 * (hop - 1), 3);
            StructureFiles.writePoscar(d.resolve("initial.POSCAR"), Atoms.of(ini, "Ar", 39.948, perfect.box()), false);
            StructureFiles.writePoscar(d.resolve("final.POSCAR"), Atoms.of(fin, "Ar", 39.948, perfect.box()), false);
        }

        private static double distance2(double[] r, int j) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += (r[3 * j + k] - r[k]) * (r[3 * j + k] - r[k]);
            return s;
        }
    }

    /** A run of the case to its end in {@code d}. */
    private static Result whole(Case c, Path d) throws Exception {
        return MethodTestSupport.run(c.method.get(), c.prepare(d), c.argv(d, List.of()));
    }

    /**
     * The continued run's files equal the uninterrupted run's: bit for bit, except md.neb's, which promises the same band to 1e-9
     * (a resumed band builds its images' neighbour lists afresh, so sums may change order).
     */
    private static void assertSameOutputs(Case c, Path whole, Path resumed) throws Exception {
        for (String f : c.compared) {
            if (c != Case.MD_NEB) {
                assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(resumed.resolve(f)), c + ": " + f);
                continue;
            }
            String[] a = Files.readString(whole.resolve(f)).split("[,=\\s]+");
            String[] b = Files.readString(resumed.resolve(f)).split("[,=\\s]+");
            assertEquals(a.length, b.length, c + ": " + f);
            for (int k = 0; k < a.length; k++) {
                if (a[k].matches("-?[0-9.]+([eE][-+]?[0-9]+)?")) assertEquals(Double.parseDouble(a[k]), Double.parseDouble(b[k]), 1e-9, c + ": " + f + " item " + k);
                else assertEquals(a[k], b[k], c + ": " + f + " item " + k);
            }
        }
    }

    /** The checkpoint file of the case's Method. */
    private static String checkpointName(Case c) {
        return c == Case.FF_FIT ? FitMethod.CHECKPOINT : c == Case.MD_NEB ? NebMethod.CHECKPOINT : c == Case.FF_MLP ? MlpCheckpoint.FILE : MdCheckpoint.FILE;
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aStoredCheckpointResumesToTheUninterruptedRun(Case c, @TempDir Path tmp) throws Exception {
        if (CheckpointFixtures.writing()) {
            writeFixture(c, tmp.resolve("fixture"));
            return;
        }
        Path whole = tmp.resolve("whole");
        whole(c, whole);
        Path resumed = CheckpointFixtures.copy(c.method.get().id(), tmp.resolve("resumed"));
        Method m = c.method.get();
        String[] argv = c.argv(resumed, List.of("resume=true"));
        CheckpointFixtures.relocate(resumed, checkpointName(c), m, MethodTestSupport.params(m, argv));
        MethodTestSupport.run(m, resumed, argv);
        assertSameOutputs(c, whole, resumed);
    }

    /** The fixture: the run directory of a run stopped early (by its step count, or for ff.mlp by a cancel) and its inputs. */
    private static void writeFixture(Case c, Path d) throws Exception {
        Method m = c.method.get();
        c.prepare(d);
        if (c == Case.FF_MLP) {
            CancelAt cancel = new CancelAt(x -> x.startsWith("reference g(r)"));
            assertThrows(CancelledException.class, () -> m.run(MethodTestSupport.params(m, c.argv(d, List.of())), cancel, RunDirectory.create(d)));
        } else {
            MethodTestSupport.run(m, d, c.argv(d, c.early));
        }
        List<String> files = new ArrayList<>(c.inputNames());
        files.add(checkpointName(c));
        if (c == Case.MD_RUN) files.addAll(List.of("thermo.csv", "trajectory.extxyz"));
        CheckpointFixtures.store(m.id(), d, files);
    }

    /** Cancelled (from within the run's own progress report, for the fixture) once a message matches. */
    private static final class CancelAt implements Progress {
        private final Predicate<String> at;
        private volatile boolean cancelled;

        CancelAt(Predicate<String> at) { this.at = at; }

        @Override public void update(long done, long total, String message) { if (message != null && at.test(message)) cancelled = true; }

        @Override public boolean cancelled() { return cancelled; }
    }

    /**
     * Cancelled from another thread: the run's first progress message matching the case waits until the test thread has
     * cancelled, so the cancel falls inside the run's loop; the run must then stop within a second.
     */
    private static final class CancelFromOutside implements Progress {
        private final Predicate<String> at;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch sent = new CountDownLatch(1);
        private volatile boolean cancelled;

        CancelFromOutside(Predicate<String> at) { this.at = at; }

        @Override
        public void update(long done, long total, String message) {
            if (message == null || reached.getCount() == 0 || !at.test(message)) return;
            reached.countDown();
            try {
                sent.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void cancel() {
            cancelled = true;
            sent.countDown();
        }

        @Override public boolean cancelled() { return cancelled; }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aRunCancelledFromAnotherThreadStopsWithinASecondAndResumesToTheUninterruptedRun(Case c, @TempDir Path tmp) throws Exception {
        if (CheckpointFixtures.writing()) return;
        Path whole = tmp.resolve("whole");
        whole(c, whole);
        Path cut = c.prepare(tmp.resolve("cut"));
        Method m = c.method.get();
        CancelFromOutside progress = new CancelFromOutside(c.cancelAt);
        Future<Result> run = RUNNER.submit(() -> m.run(MethodTestSupport.params(m, c.argv(cut, List.of())), progress, RunDirectory.create(cut)));
        assertTrue(progress.reached.await(120, TimeUnit.SECONDS), c + " never reported progress");
        long t0 = System.nanoTime();
        progress.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(120, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertInstanceOf(CancelledException.class, e.getCause(), c + ": " + e.getCause());
        assertTrue(e.getCause().getMessage().contains("resume=true"), e.getCause().getMessage());
        assertTrue(seconds < 1.0, c + " stopped " + seconds + " s after the cancel");
        assertEquals(m.id(), Checkpoint.read(cut.resolve(checkpointName(c))).methodId(), c + " left its checkpoint");
        MethodTestSupport.run(c.method.get(), cut, c.argv(cut, List.of("resume=true")));
        assertSameOutputs(c, whole, cut);
    }
}
