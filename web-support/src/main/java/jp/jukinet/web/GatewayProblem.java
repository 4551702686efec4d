package jp.jukinet.web;

import java.io.IOException;

import org.springframework.http.client.ClientHttpResponse;

import tools.jackson.databind.JsonNode;

import jp.jukinet.model.json.JukiNetJson;

/**
 * A refusal as a node (or the gateway) answered it: the status and, where the body was a problem
 * document (RFC 9457), its {@code type}, {@code title}, {@code detail} and the {@code field} at fault
 * ({@code null} for what it did not say). The detail may quote what was typed: the page shows it to the
 * person who typed it and nothing logs it.
 */
public record GatewayProblem(int status, String type, String title, String detail, String field) {

    /** The problem of an error answer (the body read whole; a body that is no JSON leaves only the status). */
    public static GatewayProblem of(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        byte[] body = response.getBody().readAllBytes();
        JsonNode problem = null;
        try {
            problem = body.length == 0 ? null : JukiNetJson.mapper().readTree(body);
        } catch (RuntimeException notJson) {
            // a proxy's HTML page, say: the status alone tells
        }
        return new GatewayProblem(status, text(problem, "type"), text(problem, "title"), text(problem, "detail"),
                text(problem, "field"));
    }

    private static String text(JsonNode problem, String name) {
        return problem != null && problem.hasNonNull(name) ? problem.get(name).asString() : null;
    }

    /** Whether the problem's type ends in {@code suffix}, e.g. {@code not-issuable}. */
    public boolean isType(String suffix) {
        return type != null && type.endsWith("/" + suffix);
    }
}
