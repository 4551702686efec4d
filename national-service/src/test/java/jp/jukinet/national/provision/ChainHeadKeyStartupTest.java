package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.national.NationalApplication;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Fail closed (issue #15): J-LIS started as {@code java -jar} starts it, without its provision-chain
 * head key beside its certificates, does not start, and says which file is missing.
 */
class ChainHeadKeyStartupTest {

    @Test
    void jLisWithoutItsChainHeadKeyDoesNotStartAndNamesTheFile(@TempDir Path empty) {
        TestDatabase database = TestPostgres.createDatabase("national_no_head_key");
        assertThatThrownBy(() -> NationalApplication.application().run("--jukinet.security.plain-http-for-development=true",
                "--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--jukinet.national.numbering.key=fvYmseGNIEnVi5W2897PrRjP2Zl4LMHYsBeGMIPH7XQ=",
                "--jukinet.subscription.delivery.signing-key=classpath:webhook-signing-test.key",
                "--jukinet.subscription.delivery.public-key=classpath:webhook-signing-test.pub",
                "--jukinet.provision.heads.key-directory=" + empty.toUri(),
                "--spring.main.banner-mode=off").close())
                .rootCause().hasMessageContaining("national-chain-signing.key does not exist");
    }
}
