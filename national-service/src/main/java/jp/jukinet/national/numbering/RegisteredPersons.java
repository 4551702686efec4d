package jp.jukinet.national.numbering;

import java.sql.Date;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.jukinet.model.numbering.RegistrationCheck;

/**
 * Whether a person is registered, in force, anywhere: asked before a municipality numbers someone
 * who comes from abroad, so that no one holds two resident codes. As current as the notices that
 * have reached the national server.
 */
@Repository
class RegisteredPersons {

    private final JdbcClient jdbc;

    RegisteredPersons(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean registered(RegistrationCheck check) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM residents
                                       WHERE normalized_name = :name AND date_of_birth = :born AND sex = :sex
                                         AND status = 'ACTIVE')""")
                .param("name", check.normalizedName())
                .param("born", Date.valueOf(check.dateOfBirth()))
                .param("sex", check.sex().name())
                .query(Boolean.class).single();
    }
}
