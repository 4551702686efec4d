package jp.jukinet.service.openapi;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import jp.jukinet.service.web.ProblemTypes;

/**
 * The problem+json answers of the network (RFC 9457) as OpenAPI: one {@code Problem} schema and,
 * per status, the stable {@code type} URIs that status carries. The types are those
 * {@link jp.jukinet.service.web.ProblemAdvice} and {@link jp.jukinet.service.web.Refusal} write, and
 * those the gateway writes before a request reaches a node ({@code forbidden}, {@code revoked},
 * {@code too-large}, {@code rate-limited}).
 */
public final class ProblemSchemas {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String PROBLEM = "Problem";

    /** Status → the problem types it carries, and what it means to a caller. */
    public record Status(int code, List<String> types, String description) {

        String schemaName() {
            return PROBLEM + code;
        }
    }

    public static final Map<Integer, Status> STATUSES = statuses(
            new Status(400, List.of("invalid-field", "malformed-request"),
                    "A field holds a value the rules refuse (`field` names it), or the body is not JSON of the expected shape."),
            new Status(403, List.of("forbidden", "revoked"),
                    "The caller may not do this: no route of the gateway's policy lets its certificate make this request, "
                            + "the certificate is revoked, or the receiving node refuses it from its own records (F10)."),
            new Status(404, List.of("not-found"), "The thing named (`field`) does not exist here."),
            new Status(409, List.of("conflict"), "Well-formed, but it breaks a rule of the register as it stands now."),
            new Status(413, List.of("too-large"), "The body is larger than the route accepts; refused before it is read."),
            new Status(422, List.of("not-issuable"),
                    "What was asked for cannot be given, for a reason the answer must not reveal."),
            new Status(429, List.of("rate-limited"),
                    "Over the caller's limits (requests per second, requests or streams in progress, batch lines); retry "
                            + "after the seconds in Retry-After."),
            new Status(502, List.of("unavailable"), "The node this route leads to cannot be reached now; retry later."),
            new Status(503, List.of("unavailable"),
                    "Another tier is not available now, or the node is rebuilding its register; retry later."));

    private ProblemSchemas() {
    }

    private static Map<Integer, Status> statuses(Status... statuses) {
        Map<Integer, Status> map = new LinkedHashMap<>();
        for (Status status : statuses) {
            map.put(status.code(), status);
        }
        return Map.copyOf(map);
    }

    /** Adds {@code Problem} and {@code Problem<status>} to {@code components}. */
    public static void addTo(Components components) {
        components.addSchemas(PROBLEM, problem());
        for (Status status : STATUSES.values()) {
            Schema<Object> typed = object();
            typed.addProperty("type", string(100).types(Set.of("string"))._enum(
                    status.types().stream().map(slug -> ProblemTypes.of(slug).toString()).toList()));
            typed.addProperty("status", integer(status.code(), status.code()));
            Schema<Object> schema = new Schema<>();
            schema.setAllOf(List.of(new Schema<>().$ref("#/components/schemas/" + PROBLEM), typed));
            schema.description(status.description());
            components.addSchemas(status.schemaName(), schema);
        }
    }

    /** The response of {@code status}: its problem schema, and Retry-After where the caller is to wait. */
    public static ApiResponse response(int code, String description) {
        Status status = STATUSES.get(code);
        ApiResponse response = new ApiResponse().description(description != null && !description.isBlank()
                ? description : status.description());
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", ProblemTypes.of(status.types().get(0)).toString());
        example.put("title", switch (code) {
            case 400 -> "Invalid field";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflicts with the register";
            case 413 -> "Request body too large";
            case 422 -> "Cannot be issued";
            case 429 -> "Too many requests";
            case 502 -> "Bad gateway";
            default -> "Temporarily unavailable";
        });
        example.put("status", code);
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + status.schemaName()));
        mediaType.setExample(example);
        response.content(new Content().addMediaType(MEDIA_TYPE, mediaType));
        if (code == 429 || code == 503) {
            response.addHeaderObject("Retry-After", new Header()
                    .description("Seconds to wait before trying again.")
                    .schema(integer(1, 3600).format("int32")));
        }
        return response;
    }

    private static Schema<Object> problem() {
        Schema<Object> problem = object();
        problem.description("An RFC 9457 problem. `type` is stable: act on it, not on `title` or `detail`. "
                + "`field` is the JSON path of the request field at fault, when one is. The refused value is never "
                + "repeated: it may be personal data.");
        problem.setRequired(List.of("type", "title", "status"));
        problem.addProperty("type", string(100).format("uri").pattern("^urn:jukinet:problem:[a-z-]+$"));
        problem.addProperty("title", string(100));
        problem.addProperty("status", integer(400, 599));
        problem.addProperty("detail", string(2000));
        problem.addProperty("instance", string(2000).format("uri-reference"));
        problem.addProperty("field", string(200));
        return problem;
    }

    static Schema<Object> object() {
        Schema<Object> schema = new Schema<>();
        schema.types(Set.of("object"));
        schema.setType("object");
        return schema;
    }

    static Schema<Object> string(int maxLength) {
        Schema<Object> schema = new Schema<>();
        schema.types(Set.of("string"));
        schema.setType("string");
        schema.setMaxLength(maxLength);
        return schema;
    }

    static Schema<Object> integer(long minimum, long maximum) {
        Schema<Object> schema = new Schema<>();
        schema.types(Set.of("integer"));
        schema.setType("integer");
        schema.setFormat(minimum >= Integer.MIN_VALUE && maximum <= Integer.MAX_VALUE ? "int32" : "int64");
        schema.setMinimum(BigDecimal.valueOf(minimum));
        schema.setMaximum(BigDecimal.valueOf(maximum));
        return schema;
    }
}
