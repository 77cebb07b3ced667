package org.polymorph.shell.internal.fakes;

import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;

/** A Gogo session with variables and a console stream, and nothing else. */
public final class FakeSession {
    private FakeSession() { }

    public static CommandSession of(PrintStream console, Map<String, Object> variables) {
        Map<String, Object> vars = new HashMap<>(variables);
        return (CommandSession) Proxy.newProxyInstance(FakeSession.class.getClassLoader(), new Class<?>[] {CommandSession.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getConsole" -> console;
                    case "get" -> vars.get((String) args[0]);
                    case "put" -> vars.put((String) args[0], args[1]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "fake session";
                    default -> null;
                });
    }
}
