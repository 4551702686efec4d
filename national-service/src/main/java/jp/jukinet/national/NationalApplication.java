package jp.jukinet.national;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@SpringBootApplication
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Juki-Net national server (J-LIS)", version = "v1",
        description = "Every resident's latest identity information and history; numbering; statute-checked provision to agencies."))
public class NationalApplication {

    /**
     * This service as an application. Its configuration is {@code national-service.yaml}, not
     * {@code application.yaml}, so that several services can share one class path (the local
     * network, the network tests) without reading each other's settings.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(NationalApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "national-service"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
