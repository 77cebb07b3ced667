package org.polymorph.launcher.internal;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

/** Checks on the server's address: free before the start, answering after it. */
public final class ServerPort {
    private ServerPort() {
    }

    /** Binds and releases host:port once, so that a port in use is reported before the runtime starts. */
    public static void checkFree(ServerSettings s) throws BadServerInput {
        checkFree(s.host(), s.port());
    }

    /** Binds and releases {@code host:port} once, so that a port in use is reported before the runtime starts. */
    public static void checkFree(String host, int port) throws BadServerInput {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new BadServerInput("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); give"
                    + " --port a free port, or stop the program that uses it");
        }
    }

    /** Polls {@code url} every 100 ms until it answers 200 or {@code timeout} has passed. */
    public static boolean answers(String url, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                c.disconnect();
                if (code == 200) return true;
            } catch (IOException notYet) {
                // Jetty is not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
