package org.polymorph.core.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Json;

/**
 * A checkpoint file in a run directory: a header written by the framework, then the Method's own payload
 * bytes (each Method keeps its payload encoding and versions it with {@link #payloadVersion()}).
 *
 * <p>Writing (e.g. every {@code checkpoint_every} steps, and when cancelled, before letting the
 * {@code CancelledException} propagate):
 * <pre>{@code
 *   Checkpoint.write(dir, "checkpoint.bin", this, params, 2, payloadBytes);
 * }</pre>
 * Resuming ({@code resume=true}, the run directory being the earlier run's {@code --out}):
 * <pre>{@code
 *   Checkpoint c = Checkpoint.resume(dir, "checkpoint.bin", this, params);
 *   State s = decode(c.payloadVersion(), c.payload());
 * }</pre>
 * {@link #resume} checks the magic, the format version and the method id, then applies the
 * {@link ResumeRule} to the stored parameters; every failure is a {@link BadInputException} (exit 2)
 * naming the file or the parameter, and nothing in the run directory is changed. A Method whose runs
 * may change more than {@link ResumeRule#MAY_CHANGE} on resume lists those names in
 * {@link Method#resumeMayChange()}; a check the rule cannot express (a value in the payload, such as
 * a step count beyond {@code steps}) stays in the Method.
 *
 * <p>Moving a Method onto it:
 * <ul>
 *   <li>Declare {@code ParamSpec.bool("resume", false, ...)}; the run engine passes {@code resume=true} and
 *       has already checked, before the Method runs, that the run directory holds a run of this Method
 *       whose result.json parameters satisfy the same rule. {@link #resume} checks the checkpoint's own
 *       copy (a run killed before its result.json was final).</li>
 *   <li>Replace a Method's own "trajectory parameters" list (allow-list) or "free parameters" list
 *       (deny-list) by {@link Method#resumeMayChange()} naming only what may change besides
 *       {@link ResumeRule#MAY_CHANGE}; a parameter added to the Method later is then compared unless
 *       listed there. One absent from an older checkpoint compares as its default.</li>
 *   <li>Files the run appends to (thermo.csv, trajectory.extxyz): put their byte lengths in the payload
 *       when writing the checkpoint, and cut the files back to those lengths after {@link #resume}, so
 *       that after a kill -9 every file agrees with the checkpoint.</li>
 *   <li>On cancellation ({@code Progress.checkCancelled} throws {@code CancelledException}), write the
 *       checkpoint, then let the exception propagate: the run ends {@code cancelled} and
 *       {@code resume=true} continues it.</li>
 *   <li>Checkpoints in a Method's earlier format: {@link #recognises} is false for them; keep the old
 *       reader for those files (with a stored fixture as a load test) and write this format from now on.</li>
 * </ul>
 *
 * <p>The file is written to a temporary name and renamed ({@link RunDirectory#writeBytes}), so it is
 * whole or absent. Its name starts with {@code checkpoint}: the run engine takes a folder holding
 * such a file (or a result.json) for an earlier run and refuses to write another run into it.
 *
 * <p>Format (version {@value #FORMAT_VERSION}), big-endian as {@link DataOutputStream} writes it:
 * <pre>
 *   8 bytes   magic "PMCHKPT1"
 *   int       format version
 *   UTF       method id
 *   int n     then n bytes: the run's resolved parameters as a UTF-8 JSON object
 *   int       payload version (the Method's)
 *   long m    then m bytes: the payload
 * </pre>
 *
 * @param methodId the Method that wrote it
 * @param params the resolved parameters of the run that wrote it, as read back from JSON (integers are
 *     {@code Long}, lists {@code List})
 * @param payloadVersion the Method's version of its payload encoding
 * @param payload the Method's bytes
 */
public record Checkpoint(String methodId, Map<String, Object> params, int payloadVersion, byte[] payload) {
    /** Version of the header layout above. */
    public static final int FORMAT_VERSION = 1;
    /** Every checkpoint file name starts with this. */
    public static final String PREFIX = "checkpoint";
    private static final byte[] MAGIC = "PMCHKPT1".getBytes(StandardCharsets.US_ASCII);

    public Checkpoint {
        params = Map.copyOf(params);
    }

    /**
     * Writes a checkpoint atomically into the run directory.
     *
     * @param name file name, starting with {@value #PREFIX} (e.g. {@code checkpoint.bin})
     * @param method the Method writing it (its id goes into the header)
     * @param params the run's resolved parameters (all of them; the rule picks what to compare)
     * @param payloadVersion the Method's payload encoding version
     * @param payload the Method's state
     * @return the file written
     */
    public static Path write(RunDirectory dir, String name, Method method, Params params, int payloadVersion,
                             byte[] payload) throws IOException {
        checkName(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(method.id());
            byte[] json = Json.write(params.asMap(), false).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(payloadVersion);
            out.writeLong(payload.length);
            out.write(payload);
        }
        return dir.writeBytes(name, bytes.toByteArray());
    }

    /**
     * Reads the checkpoint {@code name} of the run directory for {@code resume=true}: it must exist, be a
     * checkpoint of this format version written by {@code method}, and its parameters must satisfy
     * {@link ResumeRule#of(Method)} against {@code params}.
     *
     * @throws BadInputException naming {@code resume} (missing, foreign or damaged file) or the first
     *     parameter that differs, with its value now and in the earlier run
     */
    public static Checkpoint resume(RunDirectory dir, String name, Method method, Params params) {
        checkName(name);
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw BadInputException.forParam("resume", true, "there is no " + name + " in " + dir.path(),
                    "give --out the folder of an earlier " + method.id() + " run, or run without resume");
        }
        Checkpoint c = read(file);
        if (!c.methodId().equals(method.id())) {
            throw BadInputException.forParam("resume", true, file + " was written by " + c.methodId() + ", not " + method.id(),
                    "give --out the folder of an earlier " + method.id() + " run");
        }
        ResumeRule.of(method).check(c.params(), params.asMap(), file.toString());
        return c;
    }

    /**
     * Reads any checkpoint file of this format.
     *
     * @throws BadInputException naming {@code resume} when the file is unreadable, not a checkpoint, of
     *     another format version, or truncated
     */
    @SuppressWarnings("unchecked")
    public static Checkpoint read(Path file) {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) throw damaged(file, "is not a Polymorph checkpoint");
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw damaged(file, "has checkpoint format version " + version + " and this build reads " + FORMAT_VERSION);
            }
            String methodId = in.readUTF();
            Object params = Json.parse(new String(bytes(in, in.readInt(), file), StandardCharsets.UTF_8));
            if (!(params instanceof Map)) throw damaged(file, "has no parameter object in its header");
            int payloadVersion = in.readInt();
            long length = in.readLong();
            if (length < 0 || length > Integer.MAX_VALUE - 8) throw damaged(file, "declares a payload of " + length + " bytes");
            byte[] payload = bytes(in, (int) length, file);
            if (in.read() != -1) throw damaged(file, "has bytes after its payload");
            return new Checkpoint(methodId, (Map<String, Object>) params, payloadVersion, payload);
        } catch (EOFException e) {
            throw damaged(file, "is truncated");
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof BadInputException b) throw b;
            throw damaged(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code file} starts with the checkpoint magic (false when it cannot be read). */
    public static boolean recognises(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a Method's checkpoint (through {@link #write}); see {@link #writeIfCancelled}. */
    @FunctionalInterface
    public interface Save {
        void save() throws IOException;
    }

    /**
     * Where a long loop checks for cancellation (at least about once a second, between steps): when
     * {@code progress} says the run was cancelled, writes the checkpoint through {@code save} and throws a
     * {@link CancelledException} naming {@code where} and saying that {@code resume=true} continues;
     * otherwise returns at once. The thread's interrupt flag is cleared while {@code save} runs (an
     * interrupted thread cannot write through file channels) and set again before the throw.
     *
     * @param where the loop's position, e.g. "step 1200 of 5000"
     * @throws java.io.UncheckedIOException when the checkpoint cannot be written (unchecked, so that listeners and
     *     observers, which declare no exceptions, can call this)
     */
    public static void writeIfCancelled(Progress progress, String where, Save save) {
        if (!progress.cancelled()) return;
        boolean interrupted = Thread.interrupted();
        try {
            save.save();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cancelled at " + where + ", and the checkpoint could not be written: " + e.getMessage(), e);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        throw new CancelledException("cancelled at " + where + "; the checkpoint holds it: resume=true with the same --out continues from there");
    }

    /** The payload as a stream, for decoders written against {@code DataInputStream}. */
    public DataInputStream payloadStream() {
        return new DataInputStream(new ByteArrayInputStream(payload));
    }

    private static byte[] bytes(DataInputStream in, int n, Path file) throws IOException {
        if (n < 0) throw damaged(file, "has a negative length in its header");
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException();
        return b;
    }

    private static BadInputException damaged(Path file, String problem) {
        return BadInputException.forParam("resume", true, file + " " + problem, "start a new run in another folder");
    }

    private static void checkName(String name) {
        if (!name.startsWith(PREFIX) || name.contains("/")) {
            throw new IllegalArgumentException("checkpoint file name '" + name + "' must start with '" + PREFIX + "' and name no folder");
        }
    }
}
