package org.polymorph.server.internal.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web dashboard's static files ({@code src/main/resources/dashboard/}: index.html and its scripts and
 * styles) at the root of the server: {@code /} is index.html, {@code /NAME.EXT} the asset of that name; any
 * other path, or a name the bundle does not hold, is 404. Every answer is revalidated
 * ({@code Cache-Control: no-cache}) against a strong ETag (SHA-256 of the bytes), so a browser keeps its copy
 * until the bundle changes; a strict Content-Security-Policy allows only this origin's scripts, styles and
 * connections (and blob:/data: images).
 */
public final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Folder of the assets in the bundle (class loader resource names). */
    static final String FOLDER = "dashboard/";
    static final String CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Flat asset names only: no folders, no dots but the extension's, so nothing outside the folder is reachable. */
    private static final Pattern NAME = Pattern.compile("/([a-z0-9][a-z0-9_-]{0,63})\\.([a-z0-9]{1,5})");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    /** An asset's bytes, content type and ETag (a quoted hex SHA-256 prefix). */
    private record Asset(byte[] bytes, String type, String etag) { }

    private final transient ClassLoader loader;
    /** Assets read so far (a bundle's resources do not change while it is installed); misses are not kept. */
    private final transient Map<String, Asset> assets = new ConcurrentHashMap<>();

    /** {@code loader}: the bundle's class loader, whose {@value #FOLDER} folder holds the assets. */
    public DashboardServlet(ClassLoader loader) { this.loader = loader; }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<Asset> asset = assetFor(path(req));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (asset.isEmpty()) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write("Not found. The dashboard is at /\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Asset a = asset.get();
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", a.etag());
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (matches(req.getHeader("If-None-Match"), a.etag())) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(a.type());
        resp.setContentLength(a.bytes().length);
        resp.getOutputStream().write(a.bytes());
    }

    /** The path under this servlet whatever its pattern: "/" (default servlet) puts it in the servlet path, "/*" in the path info. */
    private static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String path = servletPath + info;
        return path.isEmpty() ? "/" : path;
    }

    private Optional<Asset> assetFor(String path) {
        String name;
        String ext;
        if (path.equals("/")) {
            name = "index.html";
            ext = "html";
        } else {
            Matcher m = NAME.matcher(path);
            if (!m.matches() || !TYPES.containsKey(m.group(2))) return Optional.empty();
            name = path.substring(1);
            ext = m.group(2);
        }
        Asset cached = assets.get(name);
        if (cached != null) return Optional.of(cached);
        Optional<Asset> loaded = load(name, TYPES.get(ext));
        loaded.ifPresent(a -> assets.putIfAbsent(name, a));
        return loaded;
    }

    private Optional<Asset> load(String name, String type) {
        try (InputStream in = loader.getResourceAsStream(FOLDER + name)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + name + " from the server bundle", e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** If-None-Match: "*" or a comma-separated list of (possibly weak, W/"…") entity tags. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }
}
