package jp.jukinet.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping every node uses for the wire types of this module, so that all tiers write
 * the same bytes for the same value:
 * <ul>
 *   <li>dates and instants as ISO-8601 strings ({@code "2026-11-20"},
 *       {@code "2026-11-20T01:02:03Z"}), never as numbers;</li>
 *   <li>codes and node ids as plain strings (their types carry {@code @JsonValue});</li>
 *   <li>{@code null} properties omitted on write, so a new optional field costs nothing to
 *       readers that do not know it (a type may opt out per property, as
 *       {@code ProvisionRule.validTo} does);</li>
 *   <li>unknown properties ignored on read, so an older reader accepts a newer writer. The
 *       wire records also carry {@code @JsonIgnoreProperties(ignoreUnknown = true)} so that the
 *       same holds under a differently configured mapper (e.g. a service's own);</li>
 *   <li>properties in record component order, not alphabetical (Jackson 3's default), so the
 *       JSON reads in the order the types document.</li>
 * </ul>
 */
public final class JukiNetJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private JukiNetJson() {
    }

    /** The shared, immutable mapper; safe to use from any thread. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies this module's settings to a builder, for a service that builds its own mapper
     * (for example to add modules) but must keep the same wire format.
     */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .changeDefaultPropertyInclusion(inclusion -> inclusion
                        .withValueInclusion(JsonInclude.Include.NON_NULL)
                        .withContentInclusion(JsonInclude.Include.NON_NULL));
    }
}
