package jp.jukinet.service.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import jp.jukinet.model.json.JukiNetJson;

/**
 * Every node writes the wire format of the shared model (ISO dates, codes as strings, nulls
 * omitted, unknown fields ignored) and maps refusals to problem+json the same way.
 */
@AutoConfiguration
@Import(ProblemAdvice.class)
public class WireJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer jukiNetWireFormat() {
        return JukiNetJson::configure;
    }
}
