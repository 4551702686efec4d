package jp.jukinet.service.openapi;

import java.math.BigDecimal;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import jp.jukinet.model.fuhyo.PermanentDomicile;
import jp.jukinet.model.household.HouseholdItem;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.move.DvProtection;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.provision.FourInfo;
import jp.jukinet.model.subscription.SubscriptionRequest;

/**
 * Bounds every string, array and integer of the document (OWASP API4: unrestricted resource
 * consumption), so that a client can check what it sends and receives:
 * <ol>
 *   <li>from the shared model's rules, by field name: names 100 characters ({@link PersonName}),
 *       addresses 200 ({@link Address}), rule ids {@code [a-z0-9-]}, at most 100, and so on;</li>
 *   <li>from the format: a UUID is 36 characters, a date 10, a timestamp at most 35, a URI 2,000;</li>
 *   <li>otherwise a ceiling of the house: free text (titles, details, labels) at most
 *       {@value #TEXT_CEILING} characters, lists at most {@value #LIST_CEILING} items, and integers
 *       within their Java type's range (counters and sequences from 0); a whole body that is text
 *       (NDJSON, a PDF) is bounded by the gateway's {@code max-body} of its route, not here.</li>
 * </ol>
 * A bound already declared is kept. Bodies and answers declared as {@code *}{@code /*} are JSON.
 */
public class WireLimits implements OpenApiCustomizer {

    static final int TEXT_CEILING = 4000;
    static final int LIST_CEILING = 10_000;

    /** Codes by the names the API gives them, where a handler reads one as plain text. */
    private static final Map<String, String> CODE_FIELDS = Map.of(
            "residentCode", "^[0-9]{11}$", "myNumber", "^[0-9]{12}$", "lg", "^[0-9]{6}$",
            "pref", "^(0[1-9]|[1-3][0-9]|4[0-7])$");
    private static final Set<String> NAME_FIELDS = Set.of("family", "given", "familyKana", "givenKana", "formerSurname",
            "alias");
    private static final Map<String, Integer> TEXT_FIELDS = Map.ofEntries(
            Map.entry("text", Address.MAX_LENGTH), Map.entry("address", Address.MAX_LENGTH),
            Map.entry("claimedResidence", PermanentDomicile.MAX_LENGTH),
            Map.entry("claimedDomicile", PermanentDomicile.MAX_LENGTH),
            Map.entry("domicile", PermanentDomicile.MAX_LENGTH),
            Map.entry("relationship", HouseholdItem.MAX_RELATIONSHIP),
            Map.entry("endpoint", SubscriptionRequest.MAX_ENDPOINT_LENGTH),
            Map.entry("article", 50), Map.entry("annexItem", 50), Map.entry("task", 500));
    /** Rule ids ({@code ProvisionRule.id}, a lookup's or a subscription's {@code basis}). */
    private static final Set<String> RULE_ID_FIELDS = Set.of("basis");
    private static final Map<String, Integer> LIST_FIELDS = Map.of(
            "restrictedRequesters", DvProtection.MAX_REQUESTERS,
            "residentCodes", MyNumberRequest.MAX_CODES,
            "residents", 50);
    private static final Set<String> NON_NEGATIVE = Set.of("sequence", "upToSequence", "seq", "witnessSeq", "heldSeq",
            "appliedThrough", "deliveredThrough", "head", "line", "count", "matches", "size", "sent", "version",
            "schemaVersion", "targets", "consecutiveFailures", "after", "limit", "minimumCount", "suppressedCells",
            "firstSerial", "lastSerial", "milestoneAge", "bucket", "residence");

    @Override
    public void customise(OpenAPI openApi) {
        Map<Schema<?>, Boolean> seen = new IdentityHashMap<>();
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().forEach((name, schema) -> bound(schema, name, seen));
        }
        if (openApi.getPaths() == null) {
            return;
        }
        for (PathItem path : openApi.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                if (operation.getParameters() != null) {
                    for (Parameter parameter : operation.getParameters()) {
                        bound(parameter.getSchema(), parameter.getName(), seen);
                    }
                }
                if (operation.getRequestBody() != null) {
                    body(operation.getRequestBody().getContent(), seen);
                }
                if (operation.getResponses() != null) {
                    for (ApiResponse response : operation.getResponses().values()) {
                        body(response.getContent(), seen);
                    }
                }
            }
        }
    }

    private void body(Content content, Map<Schema<?>, Boolean> seen) {
        if (content == null) {
            return;
        }
        MediaType any = content.remove("*/*");
        if (any != null) {
            content.putIfAbsent(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, any);
        }
        content.forEach((type, media) -> {
            Schema<?> schema = media.getSchema();
            if (schema != null && is(schema, "string") && !type.contains("json")) {
                // a whole body of text (NDJSON, a PDF): bounded by the route's max-body at the gateway
                if (schema.getMaxLength() == null) {
                    schema.setMaxLength(Integer.MAX_VALUE);
                }
                return;
            }
            bound(schema, null, seen);
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void bound(Schema<?> schema, String field, Map<Schema<?>, Boolean> seen) {
        String name = field == null ? "" : field;
        if (schema == null || schema.get$ref() != null || seen.put(schema, Boolean.TRUE) != null) {
            return;
        }
        if (is(schema, "string") && schema.getMaxLength() == null && schema.getEnum() == null && schema.getConst() == null) {
            string(schema, name);
        }
        if (is(schema, "array") && schema.getMaxItems() == null) {
            schema.setMaxItems(LIST_FIELDS.getOrDefault(name, LIST_CEILING));
        }
        if (is(schema, "integer")) {
            boolean int32 = "int32".equals(schema.getFormat());
            if (schema.getFormat() == null) {
                schema.setFormat("int64");
            }
            if (schema.getMinimum() == null) {
                schema.setMinimum(BigDecimal.valueOf(NON_NEGATIVE.contains(name) ? 0
                        : int32 ? Integer.MIN_VALUE : Long.MIN_VALUE));
            }
            if (schema.getMaximum() == null) {
                schema.setMaximum(BigDecimal.valueOf(int32 ? Integer.MAX_VALUE : Long.MAX_VALUE));
            }
        }
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) (Map) schema.getProperties()).forEach((property, value) -> bound(value, property, seen));
        }
        bound(schema.getItems(), name, seen);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            bound(values, name, seen);
        }
        for (List<Schema> parts : new List[] {schema.getAllOf(), schema.getOneOf(), schema.getAnyOf()}) {
            if (parts != null) {
                parts.forEach(part -> bound(part, name, seen));
            }
        }
    }

    private static void string(Schema<?> schema, String name) {
        String format = schema.getFormat();
        if ("uuid".equals(format)) {
            schema.setMinLength(36);
            schema.setMaxLength(36);
        } else if ("date".equals(format)) {
            schema.setMaxLength(10);
            schema.setPattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        } else if ("date-time".equals(format)) {
            schema.setMaxLength(35);
        } else if ("uri".equals(format)) {
            schema.setMaxLength(SubscriptionRequest.MAX_ENDPOINT_LENGTH);
        } else if (CODE_FIELDS.containsKey(name)) {
            // a code carried as plain text (a path variable read as String): the value type's format
            String pattern = CODE_FIELDS.get(name);
            int length = "pref".equals(name) ? 2 : Integer.parseInt(pattern.replaceAll("\\D", ""));
            schema.setMinLength(length);
            schema.setMaxLength(length);
            schema.setPattern(pattern);
            if ("residentCode".equals(name)) {
                schema.setExample(jp.jukinet.model.code.ResidentCode.fromSerial(7_306_418_259L).value());
            }
        } else if (NAME_FIELDS.contains(name)) {
            schema.setMaxLength(PersonName.MAX_LENGTH);
        } else if ("name".equals(name)) {
            schema.setMaxLength(FourInfo.MAX_NAME_LENGTH);
        } else if (TEXT_FIELDS.containsKey(name)) {
            schema.setMaxLength(TEXT_FIELDS.get(name));
        } else if (RULE_ID_FIELDS.contains(name)) {
            schema.setMaxLength(100);
            schema.setPattern("^[a-z0-9-]+$");
        } else {
            schema.setMaxLength(TEXT_CEILING);
        }
    }

    static boolean is(Schema<?> schema, String type) {
        return type.equals(schema.getType()) || (schema.getTypes() != null && schema.getTypes().contains(type));
    }
}
