package org.polymorph.it.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.polymorph.launcher.Launcher;

/**
 * The distribution started in this JVM through the launcher's public API (the code bin/polymorph
 * runs), with Gogo commands executed through the CommandProcessor service by reflection, so that
 * no Gogo API is needed on the test class path.
 */
public final class InProcessRuntime implements AutoCloseable {
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";

    private final Framework framework;

    private InProcessRuntime(Framework framework) {
        this.framework = framework;
    }

    /** Starts at the headless start level; {@code cwd} becomes polymorph.cwd (where runs/ goes). */
    public static InProcessRuntime start(Path home, Path cwd) throws Exception {
        return start(home, cwd, Map.of());
    }

    /** As {@link #start(Path, Path)}, with {@code config} replacing entries of conf/config.properties (e.g. felix.fileinstall.poll). */
    public static InProcessRuntime start(Path home, Path cwd, Map<String, String> config) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("polymorph.cwd", cwd.toString());
        Framework fw = Launcher.start(home, all, Launcher.HEADLESS_LEVEL);
        return new InProcessRuntime(fw);
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Output of one Gogo command line (stdout and stderr of the session, in that order). */
    public Output gogo(String commandLine) throws Exception {
        BundleContext ctx = context();
        ServiceReference<?> ref = ctx.getServiceReference(PROCESSOR);
        if (ref == null) throw new AssertionError("no Gogo CommandProcessor service; is org.apache.felix.gogo.runtime active?");
        Bundle gogo = ref.getBundle();
        Class<?> processorType = gogo.loadClass(PROCESSOR);
        Class<?> sessionType = gogo.loadClass(SESSION);
        Object processor = ctx.getService(ref);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(new byte[0]);
        try {
            Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
            Object session = create.invoke(processor, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            Object value;
            try {
                value = sessionType.getMethod("execute", CharSequence.class).invoke(session, commandLine);
            } catch (InvocationTargetException e) {
                return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), e.getCause());
            } finally {
                sessionType.getMethod("close").invoke(session);
            }
            String text = out.toString(StandardCharsets.UTF_8) + (value == null ? "" : value + "\n");
            return new Output(text, err.toString(StandardCharsets.UTF_8), null);
        } finally {
            ctx.ungetService(ref);
        }
    }

    /** One headless CLI command through the launcher (as bin/polymorph run ... does). */
    public Output cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Launcher.runCommand(framework, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Duration.ofSeconds(60));
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null, code);
    }

    @Override
    public void close() {
        Launcher.stop(framework, Duration.ofSeconds(20));
    }

    /**
     * @param out what the command printed on stdout (plus its return value)
     * @param err what it printed on stderr
     * @param error the exception Gogo threw, or null
     * @param exit CLI exit code (0 for Gogo commands)
     */
    public record Output(String out, String err, Throwable error, int exit) {
        Output(String out, String err, Throwable error) {
            this(out, err, error, 0);
        }

        public String all() {
            return out + err + (error == null ? "" : error.toString());
        }
    }
}
