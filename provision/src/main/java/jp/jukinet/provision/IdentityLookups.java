package jp.jukinet.provision;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import jp.jukinet.model.identity.NameNormalizer;
import jp.jukinet.model.provision.FourInfo;
import jp.jukinet.model.provision.LookupRequest;

/**
 * Finds the people lookups name, in this node's register ({@code residents}), for many lookups at
 * once: one statement per kind of key for a whole chunk of a batch.
 * <ul>
 *   <li>by resident code: the current code, or a code retired by a 住民票コードの変更 (the person
 *       now holding it is found);</li>
 *   <li>by My Number: the current number;</li>
 *   <li>by 4 info: {@code normalized_name} and {@code date_of_birth} (indexed), then the sex, and the
 *       address compared after {@link NameNormalizer}.</li>
 * </ul>
 * Removed (消除) records are found too: a provision says that the person was removed. The keys
 * are cast to the columns' {@code char(n)} types so that the joins use the primary key and unique
 * indexes (a {@code text} key would compare as text and scan the table). Each person is read as the
 * components of their stored identity information ({@link StoredPerson#COLUMNS}), not as the whole
 * document to be parsed again here.
 */
public class IdentityLookups {

    private static final String BY_RESIDENT_CODE = """
            SELECT q.code, %1$s FROM unnest(?::char(11)[]) AS q(code)
                JOIN residents r ON r.resident_code = q.code
            UNION ALL
            SELECT q.code, %1$s FROM unnest(?::char(11)[]) AS q(code)
                JOIN retired_resident_codes x ON x.retired_code = q.code
                JOIN residents r ON r.resident_code = x.current_code
            """.formatted(StoredPerson.COLUMNS);
    private static final String BY_MY_NUMBER = """
            SELECT q.number, %1$s FROM unnest(?::char(12)[]) AS q(number)
                JOIN residents r ON r.my_number = q.number
            """.formatted(StoredPerson.COLUMNS);
    /*
     * The same for one key. PostgreSQL plans a prepared statement with an array parameter afresh
     * at every execution (its custom plan knows the array's length, so the generic plan never looks
     * as good): 0.15-0.6 ms of planning per single lookup, more than the lookup itself. With a scalar
     * parameter it settles on the generic plan after a few executions.
     */
    private static final String ONE_RESIDENT_CODE = """
            SELECT r.resident_code, %1$s FROM residents r WHERE r.resident_code = CAST(? AS char(11))
            UNION ALL
            SELECT x.retired_code, %1$s FROM retired_resident_codes x
                JOIN residents r ON r.resident_code = x.current_code
            WHERE x.retired_code = CAST(? AS char(11))
            """.formatted(StoredPerson.COLUMNS);
    private static final String ONE_MY_NUMBER = """
            SELECT r.my_number, %1$s FROM residents r WHERE r.my_number = CAST(? AS char(12))
            """.formatted(StoredPerson.COLUMNS);
    private static final String ONE_FOUR_INFO = """
            SELECT 1, %1$s FROM residents r
            WHERE r.normalized_name = ? AND r.date_of_birth = CAST(? AS date)
            """.formatted(StoredPerson.COLUMNS);
    private static final String BY_FOUR_INFO = """
            SELECT q.i, %1$s
            FROM unnest(?::text[], ?::date[]) WITH ORDINALITY AS q(name, born, i)
                JOIN residents r ON r.normalized_name = q.name AND r.date_of_birth = q.born
            """.formatted(StoredPerson.COLUMNS);

    private final JdbcTemplate template;

    public IdentityLookups(JdbcTemplate template) {
        this.template = template;
    }

    /** For each request (by position), everyone it names: none, one, or (by 4 info) several. */
    public List<List<StoredPerson>> find(List<LookupRequest> requests) {
        Set<String> codes = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        List<Integer> fourInfo = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            LookupRequest request = requests.get(i);
            switch (request.key()) {
                case RESIDENT_CODE -> codes.add(request.residentCode().value());
                case MY_NUMBER -> numbers.add(request.myNumber().value());
                case FOUR_INFO -> fourInfo.add(i);
            }
        }
        Map<String, StoredPerson> byCode = codes.isEmpty() ? Map.of()
                : codes.size() == 1 ? byOneKey(ONE_RESIDENT_CODE, codes, true) : byKey(BY_RESIDENT_CODE, codes, true);
        Map<String, StoredPerson> byNumber = numbers.isEmpty() ? Map.of()
                : numbers.size() == 1 ? byOneKey(ONE_MY_NUMBER, numbers, false) : byKey(BY_MY_NUMBER, numbers, false);
        Map<Integer, List<StoredPerson>> byFourInfo = fourInfo.isEmpty() ? Map.of() : byFourInfo(requests, fourInfo);
        List<List<StoredPerson>> found = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            LookupRequest request = requests.get(i);
            found.add(switch (request.key()) {
                case RESIDENT_CODE -> listOf(byCode.get(request.residentCode().value()));
                case MY_NUMBER -> listOf(byNumber.get(request.myNumber().value()));
                case FOUR_INFO -> byFourInfo.getOrDefault(i, List.of());
                case AGGREGATE, SUBSCRIPTION -> throw new IllegalArgumentException("a lookup request names a person");
            });
        }
        return found;
    }

    private static List<StoredPerson> listOf(StoredPerson found) {
        return found == null ? List.of() : List.of(found);
    }

    private Map<String, StoredPerson> byKey(String sql, Set<String> keys, boolean twice) {
        String[] values = keys.toArray(String[]::new);
        return template.execute((ConnectionCallback<Map<String, StoredPerson>>) connection -> {
            Map<String, StoredPerson> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                Array array = connection.createArrayOf("text", values);
                select.setArray(1, array);
                if (twice) {
                    select.setArray(2, array);
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.putIfAbsent(row.getString(1), StoredPerson.read(row, 2));
                    }
                } finally {
                    array.free();
                }
            }
            return found;
        });
    }

    private Map<String, StoredPerson> byOneKey(String sql, Set<String> keys, boolean twice) {
        String key = keys.iterator().next();
        return template.execute((ConnectionCallback<Map<String, StoredPerson>>) connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, key);
                if (twice) {
                    select.setString(2, key);
                }
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Map.of(row.getString(1), StoredPerson.read(row, 2)) : Map.of();
                }
            }
        });
    }

    private Map<Integer, List<StoredPerson>> byFourInfo(List<LookupRequest> requests, List<Integer> positions) {
        String[] names = new String[positions.size()];
        String[] births = new String[positions.size()];
        for (int p = 0; p < positions.size(); p++) {
            FourInfo fourInfo = requests.get(positions.get(p)).fourInfo();
            names[p] = fourInfo.normalizedName();
            births[p] = fourInfo.dateOfBirth().toString();
        }
        return template.execute((ConnectionCallback<Map<Integer, List<StoredPerson>>>) connection -> {
            Map<Integer, List<StoredPerson>> found = new HashMap<>();
            boolean one = positions.size() == 1;
            try (PreparedStatement select = connection.prepareStatement(one ? ONE_FOUR_INFO : BY_FOUR_INFO)) {
                if (one) {
                    select.setString(1, names[0]);
                    select.setString(2, births[0]);
                } else {
                    setTextArrays(connection, select, names, births);
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        int position = positions.get((int) row.getLong(1) - 1);
                        StoredPerson candidate = StoredPerson.read(row, 2);
                        if (matches(requests.get(position).fourInfo(), candidate)) {
                            found.computeIfAbsent(position, k -> new ArrayList<>()).add(candidate);
                        }
                    }
                }
            }
            return found;
        });
    }

    private static void setTextArrays(Connection connection, PreparedStatement statement, String[]... columns)
            throws SQLException {
        for (int c = 0; c < columns.length; c++) {
            statement.setArray(c + 1, connection.createArrayOf("text", columns[c]));
        }
    }

    private static boolean matches(FourInfo query, StoredPerson candidate) {
        return candidate.matches(query.sex(), query.address() == null ? null : query.normalizedAddress());
    }
}
