package jp.jukinet.window;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import jp.jukinet.web.JapaneseFirst;
import jp.jukinet.web.LoopbackUnlessTls;

/**
 * The clerk's window (窓口): the municipal front office in front of the CS, where clerks register the
 * 届出 people bring to the counter, look residents up and print what the counter prints. It keeps
 * only its clerks' accounts; every resident record it shows is read from the CS through the gateway,
 * with the municipality's clerk certificate, at the moment it is shown.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(JapaneseFirst.class)
public class WindowApplication {

    /**
     * This application. Its configuration is {@code clerk-window.yaml}, not {@code application.yaml},
     * so that it shares a class path with the nodes (the local cluster) without reading their settings.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(WindowApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "clerk-window"));
        application.addListeners(new LoopbackUnlessTls());
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
