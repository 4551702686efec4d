package jp.jukinet.national.rebuild;

import static jp.jukinet.service.rebuild.SnapshotReader.text;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.national.numbering.RestoreNumbering;
import jp.jukinet.service.rebuild.RegisterLoad;
import jp.jukinet.service.rebuild.SnapshotRebuild;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds J-LIS's register from the prefecture servers after the loss of its database (F8,
 * 全国サーバのバックアップ), while it is {@code REBUILDING} ({@link RebuildState}) and answers 503: the
 * shared {@link SnapshotRebuild} over {@code jukinet.national.rebuild.sources}, reading each
 * prefecture's snapshot (its {@code RegisterSnapshotController}) through the gateway.
 *
 * <p>J-LIS's part: the head must be the prefecture's; a record of another prefecture's municipality
 * refuses the snapshot (F10); the prefecture's relayed resident-code blocks are put back
 * ({@link RestoreNumbering#loadBlock}). A change in a snapshot whose notice was numbered after the
 * head is recognised by its change id and not recorded twice ({@code NationalNotices}). When every
 * prefecture is loaded: one current record per person, the numbering state
 * ({@link RestoreNumbering#restore}). While J-LIS is {@code CHECKING} it asks the prefectures
 * whether they hold data ({@link #checkWhetherNew}, see {@link RebuildState}).
 */
@Service
class NationalRebuild extends SnapshotRebuild {

    private final RestoreNumbering numbering;

    NationalRebuild(RebuildSettings settings, RebuildState state, RestoreNumbering numbering, JdbcTemplate batches,
                    PlatformTransactionManager transactionManager, JsonMapper json,
                    RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl) {
        super("J-LIS", state, settings.sources(), gatewayClient(settings.gateway(), settings.sslBundle(), builder, ssl), batches,
                new TransactionTemplate(transactionManager), json);
        this.numbering = numbering;
    }

    @Override
    protected String snapshotPath(String source) {
        return "/internal/v1/prefectures/" + source.substring("pref-".length()) + "/snapshot";
    }

    @Override
    protected SourceLoad sourceLoad(String source) {
        PrefectureCode prefecture = PrefectureCode.of(source.substring("pref-".length()));
        return new SourceLoad() {
            @Override
            public void head(Map<String, Object> head) {
                if (!prefecture.value().equals(head.get("prefecture"))) {
                    throw new IllegalStateException("the snapshot of " + source + " has another prefecture's head");
                }
            }

            @Override
            public boolean line(String kind, Map<?, ?> line) {
                switch (kind) {
                    case "resident" -> {
                        String municipality = text(line, "municipality");
                        if (!LocalGovernmentCode.of(municipality).prefecture().equals(prefecture)) {
                            throw new IllegalStateException("the snapshot of " + source + " holds a record of municipality "
                                    + municipality + " of another prefecture");
                        }
                        return false;
                    }
                    case "history" -> {
                        // a change names the municipality it happened in; a prefecture records only its own
                        String municipality = municipalityOf(text(line, "identity"));
                        if (municipality == null || !LocalGovernmentCode.of(municipality).prefecture().equals(prefecture)) {
                            throw new IllegalStateException("the snapshot of " + source + " holds a change of municipality "
                                    + municipality + " of another prefecture");
                        }
                        return false;
                    }
                    case "block" -> {
                        List<String> codes = ((List<?>) line.get("codes")).stream().map(String::valueOf).toList();
                        numbering.loadBlock(prefecture, UUID.fromString(text(line, "blockId")),
                                UUID.fromString(text(line, "requestId")), LocalGovernmentCode.of(text(line, "municipality")),
                                codes, Instant.parse(text(line, "relayedAt")));
                        return true;
                    }
                    default -> {
                        return false;
                    }
                }
            }
        };
    }

    /** Every prefecture loaded: one record per person and the numbering state. */
    @Override
    protected Map<String, Object> finishAll() {
        int records = RegisterLoad.keepNewestRecords(batches);
        RestoreNumbering.Restored restored = numbering.restore();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("residents", records);
        result.put("allocatedFromRegister", restored.allocatedFromRegister());
        result.put("myNumbers", restored.myNumbers());
        result.put("underivedMyNumbers", restored.underived());
        result.put("reservedMyNumbers", restored.reserved());
        return result;
    }
}
