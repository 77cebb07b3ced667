package org.polymorph.server.internal.openapi;

/**
 * One route of the REST API, as the router serves it and the OpenAPI document describes it.
 *
 * @param method HTTP method (GET, POST, DELETE)
 * @param path the path under {@code /api/v1}, with {@code {name}} for path parameters ("/runs/{id}")
 * @param summary one line
 * @param status the status of a success (200, 202, 204)
 * @param response what a success carries: a schema name of {@link OpenApiDocument} ("Run", "Runs", ...),
 *     "sse" (a text/event-stream), "file", "zip", or null for no body
 * @param request the request body's schema name, or null when there is none
 * @param open whether the route needs no token
 */
public record Endpoint(String method, String path, String summary, int status, String response, String request, boolean open) { }
