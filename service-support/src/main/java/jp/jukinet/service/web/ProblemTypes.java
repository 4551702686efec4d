package jp.jukinet.service.web;

import java.net.URI;

/** The stable problem type URIs of the Juki-Net API (RFC 9457 §3.1.1). */
public final class ProblemTypes {

    private static final String PREFIX = "urn:jukinet:problem:";

    public static final URI INVALID_FIELD = URI.create(PREFIX + "invalid-field");
    public static final URI MALFORMED_REQUEST = URI.create(PREFIX + "malformed-request");

    private ProblemTypes() {
    }

    public static URI of(String slug) {
        return URI.create(PREFIX + slug);
    }
}
