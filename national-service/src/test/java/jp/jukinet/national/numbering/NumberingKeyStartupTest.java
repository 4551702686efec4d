package jp.jukinet.national.numbering;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import jp.jukinet.national.NationalApplication;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Attack 6 of issue #12 (a public secret): the My Number key has no default. J-LIS started as
 * shipped, with its own configuration only and no key, does not start, and says which property
 * is missing.
 */
class NumberingKeyStartupTest {

    @Test
    void jLisWithoutANumberingKeyDoesNotStartAndNamesTheProperty() {
        TestDatabase database = TestPostgres.createDatabase("national_no_key");
        assertThatThrownBy(() -> NationalApplication.application().run("--jukinet.security.plain-http-for-development=true",
                "--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(), "--jukinet.provision.heads.key-directory=classpath:provision-heads-test/",
                "--spring.main.banner-mode=off").close())
                .rootCause().hasMessageContaining("jukinet.national.numbering.key is required");
    }
}
