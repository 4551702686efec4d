package jp.jukinet.downstream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A downstream system of J-LIS (F9) in the agency zone: the card management system, JPKI or the
 * information-provision network, as {@code jukinet.downstream.system} says. One code base started
 * once per system, each with its own identity (certificate), database and provision rule: three
 * systems in one process would have to share one server certificate and one database, which is
 * exactly what separate systems do not do.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DownstreamApplication {

    /**
     * This application. Its configuration is {@code downstream.yaml}, not {@code application.yaml},
     * so that it shares a class path with the nodes (the network tests, the local cluster) without
     * reading their settings.
     */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(DownstreamApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", "downstream"));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
