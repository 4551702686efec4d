package jp.jukinet.cs;

import org.springframework.boot.SpringApplication;

import jp.jukinet.testsupport.LocalPostgresConfiguration;

/** Starts this service alone, over plain HTTP, on a throw-away PostgreSQL: {@code ./mvnw -pl cs-service spring-boot:test-run}. */
public class LocalCsApplication {

    public static void main(String[] args) {
        SpringApplication.from(CsApplication::main).with(LocalPostgresConfiguration.class).withAdditionalProfiles("plain").run(args);
    }
}
