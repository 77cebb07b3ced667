package org.polymorph.server.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The files of a run directory as the API serves them: the list, one file by its relative path, and a zip of
 * all. A relative path reaches only a regular file inside the run directory: a malformed name (empty element,
 * {@code .}, {@code ..}, backslash, NUL, an element holding '/' once decoded) is refused, and a name that
 * passes is resolved element by element under the run directory, refusing any symbolic link on the way and any
 * file whose real path is not under the run directory's real path.
 */
final class RunFiles {
    private RunFiles() { }

    /**
     * Checks the decoded elements of a relative path; a 400 naming the problem for a malformed one.
     *
     * @param elements the path's elements, each percent-decoded once
     */
    static void check(List<String> elements) {
        String joined = String.join("/", elements);
        if (elements.isEmpty()) throw malformed(joined, "no file name");
        for (String e : elements) {
            if (e.isEmpty()) throw malformed(joined, "an empty path element (an absolute path or '//')");
            if (e.equals(".") || e.equals("..")) throw malformed(joined, "the path element '" + e + "'");
            if (e.indexOf('\0') >= 0) throw malformed(joined, "a NUL character");
            if (e.indexOf('\\') >= 0) throw malformed(joined, "a backslash");
            if (e.indexOf('/') >= 0) throw malformed(joined, "an encoded '/'");
            if (e.chars().anyMatch(c -> c < 0x20)) throw malformed(joined, "a control character");
        }
    }

    private static ApiException malformed(String name, String what) {
        return Errors.badParam("path", name.replace("\0", "\\0"), "malformed file name: " + what,
                "give the file's path relative to the run directory, as GET /api/v1/runs/{id}/files lists it");
    }

    /**
     * The regular file at {@code elements} under {@code runDirectory}, or empty when there is none, a symbolic
     * link is on the way, or its real path leaves the run directory. Call {@link #check} first.
     */
    static Optional<Path> resolve(Path runDirectory, List<String> elements) throws IOException {
        check(elements);
        if (!Files.isDirectory(runDirectory)) return Optional.empty();
        Path base = runDirectory.toRealPath();
        Path p = runDirectory;
        for (String e : elements) {
            p = p.resolve(e);
            if (Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        Path real = p.toRealPath();
        return real.startsWith(base) ? Optional.of(real) : Optional.empty();
    }

    /** Every regular file under the run directory, recursively, no symbolic links, as relative paths with '/'. */
    static List<Path> files(Path runDirectory) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(runDirectory, LinkOption.NOFOLLOW_LINKS)) return out;
        Files.walkFileTree(runDirectory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) out.add(runDirectory.relativize(file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;   // renamed or removed while listing (a run writing its results)
            }
        });
        out.sort(null);
        return out;
    }

    /** {@code [{"name","size","type"}]} for {@link #files}. */
    static List<Map<String, Object>> list(Path runDirectory) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path rel : files(runDirectory)) {
            Path file = runDirectory.resolve(rel);
            long size;
            try {
                size = Files.size(file);
            } catch (IOException gone) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name(rel));
            m.put("size", size);
            m.put("type", type(rel.getFileName().toString()));
            out.add(m);
        }
        return out;
    }

    /** Writes a zip of {@link #files} to {@code out}, entries named by their relative paths. */
    static void zip(Path runDirectory, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Path rel : files(runDirectory)) {
            java.io.InputStream in;
            try {
                in = Files.newInputStream(runDirectory.resolve(rel), LinkOption.NOFOLLOW_LINKS);
            } catch (IOException gone) {
                continue;
            }
            try (in) {
                zip.putNextEntry(new ZipEntry(name(rel)));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    static String name(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** The file kind the API reports: csv, png, json, xyz, text or other, by extension. */
    static String type(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        String ext = n.lastIndexOf('.') < 0 ? "" : n.substring(n.lastIndexOf('.') + 1);
        switch (ext) {
            case "csv": return "csv";
            case "png": return "png";
            case "json": return "json";
            case "xyz": case "extxyz": return "xyz";
            case "txt": case "log": case "cif": case "vasp": case "poscar": case "data": case "lmp": case "in": case "md":
                return "text";
            default: return n.equals("poscar") || n.equals("contcar") ? "text" : "other";
        }
    }

    /** The Content-Type a file is served with, by its {@link #type}. */
    static String contentType(String fileName) {
        switch (type(fileName)) {
            case "csv": return "text/csv;charset=utf-8";
            case "png": return "image/png";
            case "json": return "application/json;charset=utf-8";
            case "xyz": case "text": return "text/plain;charset=utf-8";
            default: return "application/octet-stream";
        }
    }
}
