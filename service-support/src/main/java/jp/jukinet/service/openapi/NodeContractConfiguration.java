package jp.jukinet.service.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.swagger.v3.oas.models.Components;

/**
 * Every node's OpenAPI document as a contract (issue #17): mutual TLS required everywhere, the
 * problem answers of each operation, and the wire format's bounds. Shared by all nodes; the gateway
 * builds the network's external contract from these documents.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class NodeContractConfiguration {

    static {
        ValueTypeSchemas.register();
    }

    @Bean
    OpenApiCustomizer mutualTlsSecurity() {
        return new MutualTlsSecurity();
    }

    @Bean
    OperationCustomizer problemResponses() {
        return new ProblemResponses();
    }

    /** After the operations are complete: adds the problem schemas they refer to, then bounds every schema. */
    @Bean
    OpenApiCustomizer problemSchemasAndWireLimits() {
        WireLimits limits = new WireLimits();
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            ProblemSchemas.addTo(openApi.getComponents());
            limits.customise(openApi);
        };
    }
}
