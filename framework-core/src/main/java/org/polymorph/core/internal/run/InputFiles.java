package org.polymorph.core.internal.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.ParamType;
import org.polymorph.core.method.Params;
import org.polymorph.core.run.ErrorText;

/** The input files of a run (parameters of type PATH or FILES) with their SHA-256, for result.json's {@code inputs}. */
final class InputFiles {
    private InputFiles() { }

    /**
     * One entry per file: {@code {param, path, bytes, sha256}}, in spec order.
     *
     * @throws BadInputException naming the parameter when a file cannot be read
     */
    static List<Map<String, Object>> of(List<ParamSpec> specs, Params params) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParamSpec spec : specs) {
            if (spec.type() != ParamType.PATH && spec.type() != ParamType.FILES) continue;
            Object value = params.asMap().get(spec.name());
            if (!(value instanceof String s) || s.isBlank()) continue;
            for (String name : s.split(",")) {
                Path file = Path.of(name.strip()).toAbsolutePath().normalize();
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("param", spec.name());
                e.put("path", file.toString());
                try {
                    e.put("bytes", Files.isDirectory(file) ? folderBytes(file) : Files.size(file));
                    e.put("sha256", sha256(file));
                } catch (IOException ex) {
                    throw BadInputException.forParam(spec.name(), file, "cannot be read (" + ErrorText.of(ex) + ")",
                            "give the path of an existing, readable file");
                }
                out.add(e);
            }
        }
        return out;
    }

    /** The total size of a folder's regular files (not recursing). */
    private static long folderBytes(Path folder) throws IOException {
        long n = 0;
        for (Path f : folderFiles(folder)) n += Files.size(f);
        return n;
    }

    /** A folder's regular files, sorted by name (not recursing). */
    private static java.util.List<Path> folderFiles(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Lower-case hex SHA-256 of the file's bytes; for a folder (a model published as several files), of each regular
     * file's name, a NUL and its bytes, in name order.
     */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (Path f : Files.isDirectory(file) ? folderFiles(file) : java.util.List.of(file)) {
            if (!f.equals(file)) {
                digest.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
