package jp.jukinet.prefecture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@SpringBootApplication
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Juki-Net prefecture server", version = "v1",
        description = "Records and forwards change notices of the prefecture's municipalities; the prefecture's own use "
                + "(第30条の15第1項: 別表第5, ordinance, consent, statistics) and provision (第2項: 別表第6, ordinance)."))
public class PrefectureApplication {

    /**
     * This service as an application. Its configuration is {@code prefecture-service.yaml}, not
     * {@code application.yaml}, so that several services can share one class path (the local
     * network, the network tests) without reading each other's settings.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(PrefectureApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "prefecture-service"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
