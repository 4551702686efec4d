package jp.jukinet.prefecture;

import org.springframework.boot.SpringApplication;

import jp.jukinet.testsupport.LocalPostgresConfiguration;

/** Starts this service alone, over plain HTTP on loopback (the development switch), on a throw-away PostgreSQL: {@code ./mvnw -pl prefecture-service spring-boot:test-run}. */
public class LocalPrefectureApplication {

    public static void main(String[] args) {
        SpringApplication.from(PrefectureApplication::main).with(LocalPostgresConfiguration.class).run(developmentSwitch(args));
    }

    /** Plain HTTP on loopback, the caller named in X-JukiNet-Caller (see PlainHttpForDevelopment). */
    private static String[] developmentSwitch(String[] args) {
        String[] withSwitch = java.util.Arrays.copyOf(args, args.length + 1);
        withSwitch[args.length] = "--jukinet.security.plain-http-for-development=true";
        return withSwitch;
    }
}
