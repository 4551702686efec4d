package jp.jukinet.national;

import org.springframework.boot.SpringApplication;

import jp.jukinet.testsupport.LocalPostgresConfiguration;

/**
 * Starts this service alone, over plain HTTP on loopback (the development switch), on a throw-away PostgreSQL:
 * {@code ./mvnw -pl national-service spring-boot:test-run}. Unless {@code JUKINET_NATIONAL_NUMBERING_KEY} is set, the
 * My Number key is a fresh random one of this run (its numbers are as throw-away as its database); the service itself
 * has no default key.
 */
public class LocalNationalApplication {

    public static void main(String[] args) {
        if (System.getenv("JUKINET_NATIONAL_NUMBERING_KEY") == null
                && System.getProperty("jukinet.national.numbering.key") == null) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            System.setProperty("jukinet.national.numbering.key", java.util.Base64.getEncoder().encodeToString(key));
        }
        SpringApplication.from(NationalApplication::main).with(LocalPostgresConfiguration.class).run(developmentSwitch(args));
    }

    /** Plain HTTP on loopback, the caller named in X-JukiNet-Caller (see PlainHttpForDevelopment). */
    private static String[] developmentSwitch(String[] args) {
        String[] withSwitch = java.util.Arrays.copyOf(args, args.length + 1);
        withSwitch[args.length] = "--jukinet.security.plain-http-for-development=true";
        return withSwitch;
    }
}
