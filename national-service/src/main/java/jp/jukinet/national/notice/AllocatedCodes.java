package jp.jukinet.national.notice;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.notice.AdmitNotices;

/**
 * J-LIS knows, from its numbering tables, which municipality each resident code was allocated to
 * (a random code in {@code allocated_resident_codes}, or one of an older block of consecutive
 * serials): a municipality registers a new person only under a code it was given.
 */
@Component
class AllocatedCodes implements AdmitNotices.CodeAllocations {

    private final JdbcClient jdbc;

    AllocatedCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<ResidentCode> allocated(Map<ResidentCode, LocalGovernmentCode> claims) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        List<ResidentCode> codes = List.copyOf(claims.keySet());
        List<String> found = jdbc.sql("""
                        SELECT t.code FROM unnest(CAST(:codes AS text[]), CAST(:serials AS bigint[]),
                                                  CAST(:municipalities AS text[])) AS t(code, serial, municipality)
                        WHERE EXISTS (SELECT 1 FROM allocated_resident_codes a
                                      WHERE a.resident_code = t.code AND a.municipality = t.municipality)
                           OR EXISTS (SELECT 1 FROM resident_code_blocks b
                                      WHERE b.first_serial IS NOT NULL
                                        AND int8range(b.first_serial, b.last_serial, '[]') @> t.serial
                                        AND b.municipality = t.municipality)""")
                .param("codes", codes.stream().map(ResidentCode::value).toArray(String[]::new))
                .param("serials", codes.stream().mapToLong(ResidentCode::serial).toArray())
                .param("municipalities", codes.stream().map(code -> claims.get(code).value()).toArray(String[]::new))
                .query(String.class).list();
        Set<ResidentCode> allocated = new HashSet<>();
        found.forEach(code -> allocated.add(ResidentCode.of(code)));
        return allocated;
    }
}
