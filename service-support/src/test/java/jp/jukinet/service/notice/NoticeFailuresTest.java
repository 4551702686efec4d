package jp.jukinet.service.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures park a notice for good and which roll its batch back to be sent again. */
class NoticeFailuresTest {

    @Test
    void theDatabaseAwayALockOrASerializationFailureIsTransient() {
        assertTransient(new CannotAcquireLockException("lock timeout", new SQLException("x", "55P03")));
        assertTransient(new DataAccessResourceFailureException("connection refused"));
        assertTransient(new CannotCreateTransactionException("no connection"));
        // the SQLState decides even where Spring did not translate it
        assertTransient(new UncategorizedSQLException("apply", "INSERT", new SQLException("x", "40001")));
        assertTransient(new UncategorizedSQLException("apply", "INSERT", new SQLException("x", "08006")));
        assertTransient(new UncategorizedSQLException("apply", "INSERT", new SQLException("x", "57P01")));
        // a constraint error caused by a lost connection is still the connection's
        assertTransient(new DataIntegrityViolationException("x", new SQLException("x", "08003")));
    }

    @Test
    void aConstraintOrARefusalOfTheDomainIsForGood() {
        assertThat(NoticeFailures.isForGood(new DuplicateKeyException("x", new SQLException("x", "23505")))).isTrue();
        assertThat(NoticeFailures.isForGood(new DataIntegrityViolationException("x", new SQLException("x", "23514")))).isTrue();
        assertThat(NoticeFailures.isForGood(new IllegalArgumentException("not a resident code"))).isTrue();
        assertThat(NoticeFailures.isForGood(new IllegalStateException("no such transition"))).isTrue();
    }

    @Test
    void anythingUnexpectedRollsTheBatchBackRatherThanParkingEveryNotice() {
        assertThat(NoticeFailures.isForGood(new NullPointerException())).isFalse();
        assertThat(NoticeFailures.isForGood(new UncategorizedSQLException("a", "b", new SQLException("x", "XX000")))).isFalse();
    }

    @Test
    void theProblemNamesTheTypeAndSqlStateNeverTheMessage() {
        String problem = NoticeFailures.problem(new DuplicateKeyException(
                "Key (resident_code)=(12345678901) already exists", new SQLException("duplicate 12345678901", "23505")));
        assertThat(problem).isEqualTo("DuplicateKeyException SQLState 23505");
        assertThat(NoticeFailures.problem(new IllegalArgumentException("山田 12345678901"))).isEqualTo("IllegalArgumentException");
    }

    private static void assertTransient(RuntimeException failure) {
        assertThat(NoticeFailures.isTransient(failure)).as("%s", failure).isTrue();
        assertThat(NoticeFailures.isForGood(failure)).as("%s", failure).isFalse();
    }
}
