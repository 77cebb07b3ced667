package org.polymorph.materials.internal.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;

/**
 * Input files as a work item carries them, so that any member can run it: a file as {@code {"name", "text"}} (UTF-8
 * content) or {@code {"name", "base64"}} (other bytes); a folder of the installation's {@code models/} by name,
 * {@code {"model": name}} (members have the same distribution); another folder as {@code {"name", "files": [...]}} (its
 * files, not its subfolders: a model folder such as matgl's holds files only).
 * {@link #materialize} writes them under a scratch folder with their names, so a file reads as it did where the item
 * was made, byte for byte.
 */
public final class ShippedFiles {
    /** System property holding the distribution's home (set by bin/polymorph), whose {@code models/} is shared by name. */
    static final String HOME_PROPERTY = "polymorph.home";

    private ShippedFiles() { }

    /** {@code file} (a file or a folder) as an item's JSON value. */
    public static Map<String, Object> of(Path file) {
        Path p = file.toAbsolutePath().normalize();
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(p)) {
                Path models = models();
                if (models != null && models.equals(p.getParent())) {
                    m.put("model", p.getFileName().toString());
                    return m;
                }
                m.put("name", p.getFileName().toString());
                List<Object> files = new ArrayList<>();
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().toList()) files.add(of(f));
                }
                m.put("files", files);
                return m;
            }
            byte[] bytes = Files.readAllBytes(p);
            m.put("name", p.getFileName().toString());
            String text = utf8(bytes);
            if (text != null) m.put("text", text); else m.put("base64", Base64.getEncoder().encodeToString(bytes));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " for a work item: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the shipped file or folder {@code shipped} (item parameter {@code param}) into {@code scratch} and returns
     * its path there; a model by name resolves to the installation's {@code models/} folder.
     *
     * @throws BadInputException naming {@code param} when the value is not a shipped file or the model is not installed here
     */
    public static Path materialize(Object shipped, Path scratch, String param) {
        if (!(shipped instanceof Map<?, ?>)) throw BadInputException.forParam(param, shipped, "not a shipped file", "give {\"name\": ..., \"text\": ...}");
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) shipped;
        if (m.get("model") instanceof String model) {
            Path models = models();
            Path p = models == null ? null : models.resolve(model).normalize();
            if (p == null || !p.getParent().equals(models) || !Files.isDirectory(p)) {
                throw BadInputException.forParam(param, model, "no model folder of that name in this installation's models/ ("
                        + (models == null ? "polymorph.home is not set" : models) + ")", "install the model on every member, or run the item where it is");
            }
            return p;
        }
        String name = WorkValues.text(m, "name");
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw BadInputException.forParam(param + ".name", name, "not a plain file name", "give the file's name without folders");
        }
        Path to = scratch.resolve(name);
        try {
            if (m.containsKey("files")) {
                Files.createDirectories(to);
                List<Object> files = WorkValues.list(m, "files");
                for (int i = 0; i < files.size(); i++) materialize(files.get(i), to, param + ".files[" + i + "]");
            } else if (m.get("text") instanceof String text) {
                Files.writeString(to, text, StandardCharsets.UTF_8);
            } else if (m.get("base64") instanceof String b64) {
                try {
                    Files.write(to, Base64.getDecoder().decode(b64));
                } catch (IllegalArgumentException e) {
                    throw BadInputException.forParam(param + ".base64", b64.length() > 40 ? b64.substring(0, 40) + "…" : b64, "not base64", "give the file's bytes in base64");
                }
            } else {
                throw BadInputException.forParam(param, m.keySet(), "has no \"text\", \"base64\" or \"files\"", "give the file's content");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to + " for a work item: " + e.getMessage(), e);
        }
        return to;
    }

    /** A fresh scratch folder for one item's files; {@link #delete} removes it. */
    public static Path scratch() {
        try {
            return Files.createTempDirectory("polymorph-item-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for a work item: " + e.getMessage(), e);
        }
    }

    /** Removes {@code scratch} and what it holds (best effort: a file left behind is only disk space). */
    public static void delete(Path scratch) {
        try (Stream<Path> s = Files.walk(scratch)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            scratch.toFile().deleteOnExit();
        }
    }

    private static Path models() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? null : Path.of(home, "models").toAbsolutePath().normalize();
    }

    /** The text of {@code bytes} when they are valid UTF-8 (and so write back the same), else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
