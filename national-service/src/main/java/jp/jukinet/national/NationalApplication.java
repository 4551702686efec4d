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

    public static void main(String[] args) {
        SpringApplication.run(NationalApplication.class, args);
    }
}
