package jp.jukinet.national.provision;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.function.LongFunction;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.service.register.ResidentRegister;
import tools.jackson.databind.json.JsonMapper;

/** Puts many residents straight into {@code residents}, for batch tests and the measurement. */
final class BulkResidents {

    private static final int STATEMENT_ROWS = 5_000;

    private BulkResidents() {
    }

    /** Inserts {@code count} residents made by {@code person} from serials first, first+1, … */
    static void insert(JdbcTemplate jdbc, JsonMapper json, long first, int count, LongFunction<IdentityInformation> person) {
        for (int start = 0; start < count; start += STATEMENT_ROWS) {
            int rows = Math.min(STATEMENT_ROWS, count - start);
            String[][] columns = new String[9][rows];
            for (int i = 0; i < rows; i++) {
                IdentityInformation identity = person.apply(first + start + i);
                columns[0][i] = identity.residentCode().value();
                columns[1][i] = identity.myNumber().value();
                columns[2][i] = identity.municipality().prefecture().value();
                columns[3][i] = identity.municipality().value();
                columns[4][i] = ResidentRegister.normalizedName(identity);
                columns[5][i] = identity.dateOfBirth().toString();
                columns[6][i] = identity.sex().name();
                columns[7][i] = identity.status().name();
                columns[8][i] = json.writeValueAsString(identity);
            }
            jdbc.execute((ConnectionCallback<Integer>) connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name,
                                               date_of_birth, sex, status, identity, last_change_id, updated_at,
                                               retention_until)
                        SELECT u.code, u.number, u.pref, u.lg, u.name, u.born::date, u.sex, u.status, u.identity::jsonb,
                               gen_random_uuid(), now(), DATE '2176-04-01'
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[]) AS u(code, number, pref, lg, name, born, sex, status, identity)
                        """)) {
                    for (int c = 0; c < columns.length; c++) {
                        Array array = connection.createArrayOf("text", columns[c]);
                        insert.setArray(c + 1, array);
                    }
                    return insert.executeUpdate();
                }
            });
        }
        jdbc.execute("ANALYZE residents");
    }
}
