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
                    e.put("bytes", Files.size(file));
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

    /** Lower-case hex SHA-256 of the file's bytes. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
