package jp.jukinet.national.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * A database error of this service never carries the values of the row it refused: PostgreSQL
 * names them in the error's DETAIL ("Key (retired_code)=(…) already exists"), which the driver would
 * copy into the exception's message and so into any log line of it.
 */
@ServiceIntegrationTest
class DatabaseErrorDetailTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRefusedRowsValuesAreNotInTheErrorMessage() {
        ResidentCode code = ResidentCode.fromSerial(1_234_509_876L);
        String insert = "INSERT INTO retired_resident_codes (retired_code, current_code, retired_at) VALUES (:code, :code, now())";
        jdbc.sql(insert).param("code", code.value()).update();

        Throwable refused = catchThrowable(() -> jdbc.sql(insert).param("code", code.value()).update());

        assertThat(refused).isInstanceOf(DuplicateKeyException.class);
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(code.value());
        }
        assertThat(refused.getMessage()).contains("retired_resident_codes_pkey");
    }
}
