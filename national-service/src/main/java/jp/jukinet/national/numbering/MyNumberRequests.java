package jp.jukinet.national.numbering;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;

/** The answers given to My Number requests, by request id, so that a retry gets the same answer. */
@Repository
class MyNumberRequests {

    private final JdbcClient jdbc;

    MyNumberRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A request answered before, to {@code municipality} ({@code null} for a request answered
     * before requests named their municipality).
     */
    record Answered(String municipality, boolean reissue, List<ResidentCode> residentCodes, MyNumberResponse response) {

        /** Whether {@code request} asks exactly what this answered request asked. */
        boolean answers(MyNumberRequest request) {
            return reissue == request.reissue() && residentCodes.equals(request.residentCodes());
        }
    }

    Optional<Answered> find(UUID requestId) {
        return jdbc.sql("SELECT municipality, reissue, resident_codes, my_numbers FROM my_number_requests WHERE request_id = :id")
                .param("id", requestId).query(MyNumberRequests::answered).optional();
    }

    /**
     * Records the answer to {@code request}. If a twin request with the same id committed first,
     * this throws {@link org.springframework.dao.DuplicateKeyException}, the transaction rolls
     * back and the retry answers with the twin's numbers.
     */
    void record(MyNumberRequest request, MyNumberResponse response) {
        String[] codes = response.assignments().stream().map(a -> a.residentCode().value()).toArray(String[]::new);
        String[] numbers = response.assignments().stream().map(a -> a.myNumber().value()).toArray(String[]::new);
        jdbc.sql("""
                INSERT INTO my_number_requests (request_id, municipality, reissue, resident_codes, my_numbers, answered_at)
                VALUES (:id, :municipality, :reissue, CAST(:codes AS char(11)[]), CAST(:numbers AS char(12)[]),
                        statement_timestamp())""")
                .param("id", request.requestId()).param("municipality", request.municipality().value())
                .param("reissue", request.reissue())
                .param("codes", codes).param("numbers", numbers)
                .update();
    }

    private static Answered answered(ResultSet row, int rowNumber) throws SQLException {
        List<String> codes = strings(row.getArray("resident_codes"));
        List<String> numbers = strings(row.getArray("my_numbers"));
        List<ResidentCode> residentCodes = codes.stream().map(ResidentCode::of).toList();
        List<MyNumberAssignment> assignments = new ArrayList<>(codes.size());
        for (int i = 0; i < codes.size(); i++) {
            assignments.add(new MyNumberAssignment(residentCodes.get(i), MyNumber.of(numbers.get(i))));
        }
        return new Answered(row.getString("municipality"), row.getBoolean("reissue"), residentCodes,
                new MyNumberResponse(assignments));
    }

    private static List<String> strings(Array array) throws SQLException {
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
