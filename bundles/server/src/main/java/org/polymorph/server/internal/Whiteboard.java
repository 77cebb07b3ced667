package org.polymorph.server.internal;

/**
 * Service properties of the OSGi Servlet Whiteboard (Jakarta, specification 2.0, the constants of
 * {@code org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants}); written out so that this bundle
 * resolves without the HTTP bundle that exports that package.
 */
public final class Whiteboard {
    /** URL pattern(s) of a servlet, e.g. "/api/v1/*". */
    public static final String SERVLET_PATTERN = "osgi.http.whiteboard.servlet.pattern";
    /** Whether the servlet supports asynchronous processing (Server-Sent Events). */
    public static final String SERVLET_ASYNC = "osgi.http.whiteboard.servlet.asyncSupported";
    /** Filter URL pattern(s). */
    public static final String FILTER_PATTERN = "osgi.http.whiteboard.filter.pattern";
    /** Whether the filter supports asynchronous processing (it must, in front of an async servlet). */
    public static final String FILTER_ASYNC = "osgi.http.whiteboard.filter.asyncSupported";
    /** Filter name. */
    public static final String FILTER_NAME = "osgi.http.whiteboard.filter.name";
    /** Servlet name. */
    public static final String SERVLET_NAME = "osgi.http.whiteboard.servlet.name";

    private Whiteboard() { }
}
