package jp.jukinet.service.openapi;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * Declares how every node is called: mutual TLS with a certificate of the network's CA, whose
 * common name is the caller (OpenAPI 3.1 {@code type: mutualTLS}), required by every operation.
 * The node's server is marked internal: outside callers reach it only through the gateway.
 */
public class MutualTlsSecurity implements OpenApiCustomizer {

    public static final String SCHEME = "mutualTLS";

    static final String DESCRIPTION = "Mutual TLS with a certificate of the network's CA. The caller is the "
            + "certificate's common name (clerk-<lg>, agency-<name>, resident-<resident code>, or a node's name); "
            + "behind the gateway a node believes the caller the gateway names in X-JukiNet-Caller only from the "
            + "gateway's pinned certificate.";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.MUTUALTLS)
                .description(DESCRIPTION));
        openApi.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
        if (openApi.getServers() != null) {
            for (Server server : openApi.getServers()) {
                server.setDescription("This node, as the request reached it (local network of ./jukinet, or a "
                        + "deployment's production zone); internal: callers outside its zone reach it only through the gateway");
                server.addExtension("x-internal", true);
            }
        }
    }
}
