package jp.jukinet.prefecture;

import org.springframework.boot.SpringApplication;

import jp.jukinet.testsupport.LocalPostgresConfiguration;

/** Starts this service alone, over plain HTTP, on a throw-away PostgreSQL: {@code ./mvnw -pl prefecture-service spring-boot:test-run}. */
public class LocalPrefectureApplication {

    public static void main(String[] args) {
        SpringApplication.from(PrefectureApplication::main).with(LocalPostgresConfiguration.class).withAdditionalProfiles("plain").run(args);
    }
}
