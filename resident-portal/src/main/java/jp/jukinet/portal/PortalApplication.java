package jp.jukinet.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import jp.jukinet.web.JapaneseFirst;
import jp.jukinet.web.LoopbackUnlessTls;

/**
 * The resident's portal: a resident's own window on the network (like マイナポータル). It keeps who
 * enrolled with which passkey, and nothing of their records: every page reads the network through the
 * gateway under the resident's own certificate, at the moment it is shown.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(JapaneseFirst.class)
public class PortalApplication {

    /** This application, with {@code resident-portal.yaml} (not {@code application.yaml}: it shares class paths). */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(PortalApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "resident-portal"));
        application.addListeners(new LoopbackUnlessTls());
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
