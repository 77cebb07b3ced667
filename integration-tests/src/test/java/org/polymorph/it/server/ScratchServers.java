package org.polymorph.it.server;

import java.io.IOException;
import java.util.Map;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ServerProcess;

/** The server of a test class: bin/polymorph server on a fresh copy of the distribution, and its clean-up. */
final class ScratchServers {
    private ScratchServers() { }

    /** Copies the distribution to target/it-home-{@code name}-TIME and starts its server with {@code settings}. */
    static ServerProcess start(String name, Map<String, String> settings) throws IOException {
        return ServerProcess.start(DistributionHome.copy(DistributionHome.scratch(name)), settings);
    }

    /** SIGTERM, then the home's bundle caches dropped (its logs and runs stay, to be read after a failure). */
    static void stop(ServerProcess server) {
        if (server == null) return;
        server.close();
        DistributionHome.dropCaches(server.home());
    }
}
