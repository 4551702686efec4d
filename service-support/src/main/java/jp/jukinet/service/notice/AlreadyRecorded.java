package jp.jukinet.service.notice;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.notice.ChangeNotice;

/**
 * A register rebuilt from snapshots, or one that took back its own notices after a restore (F8),
 * holds changes it did not receive as notices; some of them may still come as notices (a change in
 * a snapshot whose notice the sender numbered after the snapshot's head; a CS's notice that the
 * receiver, restored from a backup, had applied and lost). Such a notice is acknowledged without
 * effect: the history already holds its change (same change id, from the same source).
 */
public final class AlreadyRecorded {

    private AlreadyRecorded() {
    }

    /** The notices whose change the history does not hold from their source, in order; one query. */
    public static List<ChangeNotice> notRecordedYet(JdbcClient jdbc, List<ChangeNotice> notices) {
        if (notices.isEmpty()) {
            return notices;
        }
        Set<String> recorded = new HashSet<>();
        jdbc.sql("""
                SELECT change_id::text || ' ' || source FROM resident_history
                WHERE change_id = ANY (CAST(:ids AS uuid[]))""")
                .param("ids", notices.stream().map(ChangeNotice::changeId).map(UUID::toString).toArray(String[]::new))
                .query(row -> {
                    recorded.add(row.getString(1));
                });
        if (recorded.isEmpty()) {
            return notices;
        }
        return notices.stream()
                .filter(notice -> !recorded.contains(notice.changeId() + " " + notice.source().value()))
                .toList();
    }
}
