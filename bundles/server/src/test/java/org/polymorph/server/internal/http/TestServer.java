package org.polymorph.server.internal.http;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import java.util.List;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Progress;
import org.polymorph.core.run.RunService;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.server.internal.runs.ServerRuns;

/**
 * The API servlet and access filter in an embedded Jetty 12 on a free loopback port, over a real run store and
 * the fake Methods' run engine, as the servlet whiteboard mounts them.
 */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** A runtime that is no cluster member: one local member with 2 cores, one item in flight. */
    static final Distributed DISTRIBUTED = new Distributed() {
        @Override
        public WorkResults map(List<WorkItem> items, Placement placement, Progress progress) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public ClusterView view() {
            return new ClusterView(false, "local", List.of(new ClusterView.Member("local", "", true, 2, 1, 5, List.of("test.kind"))),
                    List.of(new ClusterView.Item("local-1", "item-0", "test.kind", "local", 0.5)));
        }
    };

    final ServerRuns runs;
    final ApiServlet servlet;
    final Path runsFolder;
    private final Server jetty;
    final URI base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path home, boolean readsOpen, Set<String> cors, long maxBody, int maxQueued, Duration heartbeat, Method... methods) throws Exception {
        Path tokenFile = Files.writeString(home.resolve("server.token"), TOKEN + "\n");
        RunService engine = FakeMethods.service(home, "reference", methods);
        runsFolder = home.resolve("runs");
        runs = new ServerRuns(engine, runsFolder, 1, maxQueued, Clock.systemUTC());
        runs.open();
        TensorService backend = (TensorService) Proxy.newProxyInstance(TensorService.class.getClassLoader(),
                new Class<?>[] {TensorService.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> "reference";
                    case "describe" -> Map.of("threads", 2);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ApiConfig config = new ApiConfig(Token.read(tokenFile), readsOpen, cors, maxBody, "9.9.9");
        servlet = new ApiServlet(runs, engine, () -> backend, () -> DISTRIBUTED, config, Clock.systemUTC(), heartbeat);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/v1/*");
        FilterHolder filter = new FilterHolder(new AccessFilter(config));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/api/v1/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    }

    HttpRequest.Builder authed(String path) {
        return request(path).header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest.Builder r) throws IOException, InterruptedException {
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(authed(path));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(authed(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends {@code target} exactly as written (no client-side normalisation) and returns the whole response text. */
    String raw(String method, String target, String... headers) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String h : headers) req.append(h).append("\r\n");
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        runs.close();
    }
}
