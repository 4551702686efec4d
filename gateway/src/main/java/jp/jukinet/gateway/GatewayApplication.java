package jp.jukinet.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * The firewall between zones: the only path from one zone (municipal, prefectural, national,
 * agency) to another. It keeps no state of its own, so it has no database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Juki-Net gateway", version = "v1",
        description = "The firewall between zones: mutual TLS, deny-by-default policy, routes to the backends."))
public class GatewayApplication {

    /**
     * This service as an application. Its configuration is {@code gateway.yaml}, not
     * {@code application.yaml}, so that several services can share one class path (the local
     * network, the network tests) without reading each other's settings.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "gateway"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
