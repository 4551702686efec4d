package jp.jukinet.prefecture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@SpringBootApplication
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Juki-Net prefecture server", version = "v1",
        description = "Records and forwards change notices of the prefecture's municipalities; prefectural provision (別表第6)."))
public class PrefectureApplication {

    public static void main(String[] args) {
        SpringApplication.run(PrefectureApplication.class, args);
    }
}
