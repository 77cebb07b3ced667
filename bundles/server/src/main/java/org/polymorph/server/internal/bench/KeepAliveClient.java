package org.polymorph.server.internal.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 client connection that is kept alive between requests (as a browser or wrk does), sending
 * the same GET again and again. It reads each whole response (Content-Length, chunked, or up to the close)
 * and reconnects when the server closed the connection. Not thread-safe: one per load-generating thread.
 */
final class KeepAliveClient implements Closeable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final InetSocketAddress address;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** GET {@code path} on {@code host:port} with the given extra request headers (e.g. Authorization). */
    KeepAliveClient(String host, int port, String path, Map<String, String> headers) {
        this.address = new InetSocketAddress(host, port);
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nAccept: application/json\r\n");
        headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        this.request = r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends the request and reads the whole response; returns its status code. */
    int get() throws IOException {
        if (socket == null) connect();
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.connect(address, CONNECT_TIMEOUT_MS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16_384);
        out = s.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = line();
        if (status.length() < 12 || !status.startsWith("HTTP/1.")) throw new IOException("not an HTTP response: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = status.startsWith("HTTP/1.0");
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closes = value.contains("close") || (closes && !value.contains("keep-alive"));
                default -> { }
            }
        }
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                skip(size);
                line();                                     // the CRLF after the chunk
            }
            for (String t = line(); !t.isEmpty(); t = line()) { }   // trailers up to the empty line
        } else if (length >= 0) {
            skip(length);
        } else {
            while (in.read() >= 0) { }                      // body delimited by the close
            closes = true;
        }
        if (closes) close();
        return code;
    }

    private long chunkSize() throws IOException {
        String s = line();
        int semi = s.indexOf(';');
        return Long.parseLong((semi < 0 ? s : s.substring(0, semi)).trim(), 16);
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long k = in.skip(left);
            if (k <= 0) {
                if (in.read() < 0) throw new EOFException("connection closed in a response body");
                k = 1;
            }
            left -= k;
        }
    }

    /** One header line without its CRLF (ISO-8859-1). */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("connection closed by the server");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server already closed: nothing left to release
        }
        socket = null;
    }
}
