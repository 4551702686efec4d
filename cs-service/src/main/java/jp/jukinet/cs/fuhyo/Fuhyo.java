package jp.jukinet.cs.fuhyo;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.fuhyo.PermanentDomicile;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.move.FuhyoNotice;
import jp.jukinet.model.notice.NodeId;
import tools.jackson.databind.json.JsonMapper;

/** The 戸籍の附票 this municipality keeps as the 本籍地 ({@code fuhyo_entries}), and the notices it refused. */
@Component
class Fuhyo {

    /** Why a 附票 notice was refused. */
    enum RefusalReason {
        /** The notice's 本籍 is not in this municipality. */
        NOT_THE_DOMICILE,
        /** The notice names a municipality of residence other than the CS that sent it. */
        SENDER_NOT_SOURCE,
        /** A 転居 from a municipality this 附票 does not show as the person's residence. */
        NOT_THE_RESIDENCE
    }

    /** One address of a 附票. */
    record Entry(LocalGovernmentCode residence, String domicile, String head, PersonName name, LocalDate dateOfBirth,
                 String sex, String address, LocalDate addressSince, FuhyoNotice.Event event, Instant recordedAt) {
    }

    /** One refused notice, for the clerks. */
    record Refused(UUID noticeId, String source, LocalGovernmentCode claimedResidence,
                   LocalGovernmentCode claimedDomicile, ResidentCode residentCode, RefusalReason reason,
                   Instant receivedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Fuhyo(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What one 附票 notice writes, whether it came over the network or from this CS itself. */
    record Written(UUID noticeId, LocalGovernmentCode residence, PermanentDomicile domicile, ResidentCode residentCode,
                   PersonName name, LocalDate dateOfBirth, Sex sex, Address address, LocalDate addressSince,
                   FuhyoNotice.Event event) {

        static Written of(FuhyoNotice notice) {
            return new Written(notice.noticeId(), notice.residence(), notice.domicile(), notice.residentCode(),
                    notice.name(), notice.dateOfBirth(), notice.sex(), notice.address(), notice.addressSince(),
                    notice.event());
        }
    }

    /** Writes one address of the person's 附票; a notice already written is not written again. */
    void record(Written notice, Instant now) {
        jdbc.sql("""
                        INSERT INTO fuhyo_entries (notice_id, resident_code, residence, domicile, head, name,
                            date_of_birth, sex, address, address_since, event, recorded_at)
                        VALUES (:id, :code, :residence, :domicile, :head, :name::jsonb, :dob, :sex, :address, :since,
                            :event, :at)
                        ON CONFLICT (notice_id) DO NOTHING""")
                .param("id", notice.noticeId())
                .param("code", notice.residentCode().value())
                .param("residence", notice.residence().value())
                .param("domicile", notice.domicile().text())
                .param("head", notice.domicile().head())
                .param("name", json.writeValueAsString(notice.name()))
                .param("dob", notice.dateOfBirth())
                .param("sex", notice.sex().name())
                .param("address", notice.address().text())
                .param("since", notice.addressSince())
                .param("event", notice.event().name())
                .param("at", Timestamp.from(now))
                .update();
    }

    /** The municipality of residence the person's 附票 shows last, if it has any entry. */
    Optional<LocalGovernmentCode> lastResidence(ResidentCode person) {
        return jdbc.sql("SELECT residence FROM fuhyo_entries WHERE resident_code = :code ORDER BY id DESC LIMIT 1")
                .param("code", person.value()).query(String.class).optional().map(LocalGovernmentCode::of);
    }

    void refuse(NodeId source, FuhyoNotice notice, RefusalReason reason, Instant now) {
        jdbc.sql("""
                        INSERT INTO fuhyo_refusals (notice_id, source, claimed_residence, claimed_domicile, resident_code,
                            reason, received_at)
                        VALUES (:id, :source, :residence, :domicile, :code, :reason, :at)""")
                .param("id", notice.noticeId())
                .param("source", source.value())
                .param("residence", notice.residence().value())
                .param("domicile", notice.domicile().municipality().value())
                .param("code", notice.residentCode().value())
                .param("reason", reason.name())
                .param("at", Timestamp.from(now))
                .update();
    }

    /** The person's 附票, oldest address first. */
    List<Entry> entries(ResidentCode person) {
        return jdbc.sql("""
                        SELECT residence, domicile, head, name, date_of_birth, sex, address, address_since, event,
                               recorded_at
                        FROM fuhyo_entries WHERE resident_code = :code ORDER BY id""")
                .param("code", person.value())
                .query((row, n) -> new Entry(LocalGovernmentCode.of(row.getString("residence")), row.getString("domicile"),
                        row.getString("head"), json.readValue(row.getString("name"), PersonName.class),
                        row.getObject("date_of_birth", LocalDate.class), row.getString("sex"), row.getString("address"),
                        row.getObject("address_since", LocalDate.class), FuhyoNotice.Event.valueOf(row.getString("event")),
                        row.getTimestamp("recorded_at").toInstant()))
                .list();
    }

    /** Refused notices, newest first. */
    List<Refused> refusals(int limit) {
        return jdbc.sql("""
                        SELECT notice_id, source, claimed_residence, claimed_domicile, resident_code, reason, received_at
                        FROM fuhyo_refusals ORDER BY id DESC LIMIT :limit""")
                .param("limit", limit)
                .query((row, n) -> new Refused(row.getObject("notice_id", UUID.class), row.getString("source"),
                        LocalGovernmentCode.of(row.getString("claimed_residence")),
                        LocalGovernmentCode.of(row.getString("claimed_domicile")),
                        ResidentCode.of(row.getString("resident_code")),
                        RefusalReason.valueOf(row.getString("reason")), row.getTimestamp("received_at").toInstant()))
                .list();
    }
}
