package jp.jukinet.service.notice;

import java.sql.SQLException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Whether a failure to apply one notice is the notice's own (it will fail again however often it is
 * sent: a poison notice, parked as {@link NoticeOwnership.Reason#REFUSED}) or the node's for the
 * moment (the batch is rolled back and the sender sends it again).
 *
 * <p><b>Transient</b>, decided first, from the whole cause chain: Spring's
 * {@link TransientDataAccessException} (lock and query timeouts, deadlocks, serialization
 * failures), {@link RecoverableDataAccessException}, {@link DataAccessResourceFailureException}
 * (no connection), any {@link TransactionException}, and any {@link SQLException} whose SQLState
 * is of class 08 (connection), 40 (transaction rollback: 40001 serialization, 40P01 deadlock), 53
 * (insufficient resources), 57 (operator intervention: cancelled, shut down), 58 (system error),
 * or is 55P03 (lock not available) or 55006 (object in use).
 *
 * <p><b>For good</b>, when not transient: a {@link DataIntegrityViolationException} (a constraint of
 * this node's tables refuses the notice: SQLState class 23, or 22 for a value out of range) and an
 * {@link IllegalArgumentException} or {@link IllegalStateException} from the domain (a value or a
 * transition the model refuses, e.g. a code that does not parse).
 *
 * <p>Anything else (an unexpected exception) is treated as transient: the stream stops and is
 * retried, as before, rather than every notice being parked by a fault of the node.
 */
public final class NoticeFailures {

    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "55006");

    private NoticeFailures() {
    }

    /** Whether {@code failure} is the node's for the moment, not the notice's. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException || cause instanceof TransactionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (TRANSIENT_STATES.contains(state) || (state.length() == 5
                        && TRANSIENT_CLASSES.contains(state.substring(0, 2)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether applying the notice failed for good (see the class comment): park it, go on with the others. */
    public static boolean isForGood(Throwable failure) {
        if (isTransient(failure)) {
            return false;
        }
        return failure instanceof DataIntegrityViolationException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException;
    }

    /**
     * What failed, for the operator and the log, without personal data: the exception's type, and
     * for a database error its SQLState (the database's message is left out: it quotes the row's
     * values, a resident code or a name; so is a domain exception's message).
     */
    public static String problem(Throwable failure) {
        StringBuilder problem = new StringBuilder(failure.getClass().getSimpleName());
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                problem.append(" SQLState ").append(sql.getSQLState());
                break;
            }
        }
        return problem.toString();
    }
}
