package jp.jukinet.cs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@SpringBootApplication
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Juki-Net municipal CS", version = "v1",
        description = "The communication server of one municipality: clerks register life events here; changes go up the notice chain."))
public class CsApplication {

    /**
     * This service as an application. Its configuration is {@code cs-service.yaml}, not
     * {@code application.yaml}, so that several services can share one class path (the local
     * network, the network tests) without reading each other's settings.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(CsApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "cs-service"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
