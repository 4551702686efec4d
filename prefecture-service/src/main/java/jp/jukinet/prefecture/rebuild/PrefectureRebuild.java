package jp.jukinet.prefecture.rebuild;

import static jp.jukinet.service.rebuild.SnapshotReader.text;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.service.notice.NoticePublisher;
import jp.jukinet.service.notice.OutboxSettings;
import jp.jukinet.service.rebuild.SnapshotRebuild;

import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds this prefecture server's register from its CSs after the loss of its database (F8), while
 * it is {@code REBUILDING} ({@link PrefectureRebuildState}) and answers 503: the shared
 * {@link SnapshotRebuild} over {@code jukinet.prefecture.rebuild.sources}, reading each CS's snapshot
 * (its {@code RegisterSnapshotController}) through the gateway.
 *
 * <p>Per CS, in its load's transaction: the head must be the CS's municipality's; a record, a change
 * or a block of another municipality refuses the snapshot (F10: a CS speaks for its own
 * municipality only); the CS's blocks of resident codes become this server's copies of the blocks it
 * relayed ({@code relayed_code_blocks}, for a later rebuild of J-LIS); {@code applied_through(cs)} and
 * the CS's epoch are the snapshot's, so the CS's notices after its head apply once when this server
 * reopens (those whose change the snapshot held are recognised by their change id).
 *
 * <p><b>The stream to J-LIS continues what J-LIS holds.</b> A lost prefecture's outbox starts empty,
 * while J-LIS has applied its notices up to {@code applied_through(pref-NN)}. This server's
 * {@link NoticePublisher} finds that at its first round, as any sender restored from a backup does,
 * and takes back every notice J-LIS holds of this prefecture: they go into the outbox as numbered
 * and acknowledged, with J-LIS's sequences and epoch, and (while the server is rebuilding) nothing
 * into the register, which the CSs' snapshots fill ({@code PrefectureTakeBack}). When every CS is
 * loaded the rebuild waits for that ({@link #beforeFinish}); then, in the last transaction, it keeps
 * one record per person and puts in the outbox, unnumbered, every change of the rebuilt history that
 * the outbox does not hold — exactly the changes J-LIS lacks — in the order the CSs recorded them.
 * The publisher numbers them after J-LIS's head: nothing J-LIS holds is sent or numbered again, and
 * what it lacks arrives.
 */
@Service
class PrefectureRebuild extends SnapshotRebuild {

    private final PrefectureSettings prefecture;
    private final PrefectureRebuildSettings settings;
    private final ObjectProvider<NoticePublisher> publisher;

    PrefectureRebuild(PrefectureRebuildSettings settings, PrefectureSettings prefecture, PrefectureRebuildState state,
                      JdbcTemplate batches, PlatformTransactionManager transactionManager, JsonMapper json,
                      RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl, ObjectProvider<OutboxSettings> uplink,
                      ObjectProvider<NoticePublisher> publisher) {
        super("pref-" + prefecture.prefecture().value(), state, settings.sources(),
                gatewayClient(settings.gateway() != null ? settings.gateway() : uplink(uplink.getIfAvailable()),
                        settings.sslBundle(), builder, ssl), batches,
                new TransactionTemplate(transactionManager), json);
        for (String source : settings.sources()) {
            if (!LocalGovernmentCode.of(source.substring("cs-".length())).prefecture().equals(prefecture.prefecture())) {
                throw new IllegalArgumentException("jukinet.prefecture.rebuild.sources names " + source
                        + ", a CS of another prefecture than " + prefecture.prefecture().value());
            }
        }
        this.prefecture = prefecture;
        this.settings = settings;
        this.publisher = publisher;
    }

    private static java.net.URI uplink(OutboxSettings uplink) {
        return uplink == null ? null : uplink.uplink();
    }

    @Override
    protected String snapshotPath(String source) {
        return "/internal/v1/municipalities/" + source.substring("cs-".length()) + "/snapshot";
    }

    @Override
    protected SourceLoad sourceLoad(String source) {
        String municipality = source.substring("cs-".length());
        return new SourceLoad() {
            @Override
            public void head(Map<String, Object> head) {
                if (!municipality.equals(head.get("municipality"))) {
                    throw new IllegalStateException("the snapshot of " + source + " has another municipality's head");
                }
            }

            @Override
            public boolean line(String kind, Map<?, ?> line) {
                switch (kind) {
                    case "resident" -> {
                        requireOwn(text(line, "municipality"), "a record");
                        return false;
                    }
                    case "history" -> {
                        // a change a CS recorded is of its own municipality (a 転出's record stays there)
                        requireOwn(municipalityOf(text(line, "identity")), "a change");
                        Object previous = line.get("previousMyNumber");
                        if (previous != null) {
                            jdbc.sql("""
                                    INSERT INTO rebuild_previous_my_numbers (change_id, previous_my_number)
                                    VALUES (CAST(:id AS uuid), :previous) ON CONFLICT DO NOTHING""")
                                    .param("id", text(line, "changeId")).param("previous", previous.toString()).update();
                        }
                        return false;
                    }
                    case "block" -> {
                        requireOwn(text(line, "municipality"), "a block of resident codes");
                        List<String> codes = ((List<?>) line.get("codes")).stream().map(String::valueOf).toList();
                        jdbc.sql("""
                                INSERT INTO relayed_code_blocks (block_id, request_id, municipality, codes, relayed_at)
                                VALUES (CAST(:blockId AS uuid), CAST(:requestId AS uuid), :municipality,
                                        CAST(:codes AS char(11)[]), :relayedAt)
                                ON CONFLICT (block_id) DO NOTHING""")
                                .param("blockId", text(line, "blockId")).param("requestId", text(line, "requestId"))
                                .param("municipality", municipality).param("codes", codes.toArray(String[]::new))
                                .param("relayedAt", Timestamp.from(Instant.parse(text(line, "relayedAt"))))
                                .update();
                        return true;
                    }
                    default -> {
                        return false;
                    }
                }
            }

            private void requireOwn(String of, String what) {
                if (!municipality.equals(of)) {
                    throw new IllegalStateException("the snapshot of " + source + " holds " + what + " of municipality "
                            + of + ", not its own");
                }
            }
        };
    }

    /**
     * Every CS loaded: waits until this server's notice stream to J-LIS is verified (J-LIS's notices of
     * this prefecture taken back into the outbox), so that the outbox tells exactly what J-LIS holds.
     */
    @Override
    protected void beforeFinish() {
        NoticePublisher stream = publisher.getIfAvailable();
        if (stream == null) {
            throw new IllegalStateException("this prefecture server has no notice stream to J-LIS (jukinet.outbox.uplink)");
        }
        Instant until = Instant.now().plus(settings.verifyWait());
        while (stream.lineage() != NoticePublisher.Lineage.VERIFIED) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("J-LIS has not confirmed what it holds of pref-" + prefecture.prefecture().value()
                        + " within " + settings.verifyWait() + " (the stream is " + stream.lineage()
                        + "); nothing of the last step was written, run the rebuild again");
            }
            stream.nudge();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the notice stream to J-LIS");
            }
        }
    }

    /**
     * One record per person, and the changes J-LIS lacks in the outbox: every change of the rebuilt
     * history the outbox does not hold (the outbox holds, numbered and acknowledged, every notice J-LIS
     * holds of this prefecture), in the order the CSs recorded them. Under the outbox state's row lock,
     * so the publisher numbers them after J-LIS's head.
     */
    @Override
    protected Map<String, Object> finishAll() {
        long head = jdbc.sql("SELECT last_sequence FROM notice_outbox_state WHERE id = 1 FOR UPDATE").query(Long.class).single();
        int records = jp.jukinet.service.rebuild.RegisterLoad.keepNewestRecords(batches);
        int lacking = jdbc.sql("""
                INSERT INTO notice_outbox (change_id, resident_code, reason, effective_date, notified_date, identity,
                                           previous_resident_code, previous_my_number, committed_at, created_at)
                SELECT h.change_id, h.resident_code, h.reason, h.effective_date, h.notified_date, h.identity,
                       h.previous_resident_code, p.previous_my_number, h.recorded_at, now()
                FROM resident_history h LEFT JOIN rebuild_previous_my_numbers p ON p.change_id = h.change_id
                WHERE NOT EXISTS (SELECT 1 FROM notice_outbox o WHERE o.change_id = h.change_id)
                ORDER BY h.recorded_at, h.source, h.source_sequence""").update();
        jdbc.sql("DELETE FROM rebuild_previous_my_numbers").update();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("residents", records);
        result.put("jLisHeld", head);
        result.put("sentToJLis", lacking);
        return result;
    }

    @Override
    protected void afterOpen() {
        NoticePublisher stream = publisher.getIfAvailable();
        if (stream != null) {
            stream.nudge();
        }
    }
}
