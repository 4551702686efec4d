package jp.jukinet.national;

import org.springframework.boot.SpringApplication;

import jp.jukinet.testsupport.LocalPostgresConfiguration;

/** Starts this service alone, over plain HTTP, on a throw-away PostgreSQL: {@code ./mvnw -pl national-service spring-boot:test-run}. */
public class LocalNationalApplication {

    public static void main(String[] args) {
        SpringApplication.from(NationalApplication::main).with(LocalPostgresConfiguration.class).withAdditionalProfiles("plain").run(args);
    }
}
