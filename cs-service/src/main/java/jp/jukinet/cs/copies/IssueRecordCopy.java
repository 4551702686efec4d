package jp.jukinet.cs.copies;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClientException;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.copy.RecordCopy;
import jp.jukinet.model.copy.RecordCopyAnswer;
import jp.jukinet.model.copy.RecordCopyRequest;
import jp.jukinet.service.peer.PeerGateway;
import jp.jukinet.service.web.Refusal;

/**
 * The issuer's (C's) side of a wide-area copy: asks the holder through the gateway, records the
 * outcome, and hands the copy over — or answers that it cannot be issued, which is all the holder
 * says of a refusal. When the holder cannot be reached nothing is issued or recorded, and the clerk
 * may retry.
 */
@Service
class IssueRecordCopy {

    private static final Logger log = LoggerFactory.getLogger(IssueRecordCopy.class);

    /** A copy handed over at this municipality. */
    record IssuedCopy(UUID copyId, LocalGovernmentCode issuer, LocalGovernmentCode holder, Instant issuedAt,
                      RecordCopy copy) {

        @Override
        public String toString() {
            return "IssuedCopy[copyId=" + copyId + ", holder=" + holder + "]";
        }
    }

    private final CsSettings settings;
    private final PeerGateway gateway;
    private final RecordCopyLog copies;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IssueRecordCopy(CsSettings settings, PeerGateway gateway, RecordCopyLog copies, TransactionTemplate transactions,
                    Clock clock) {
        this.settings = settings;
        this.gateway = gateway;
        this.copies = copies;
        this.transactions = transactions;
        this.clock = clock;
    }

    IssuedCopy issue(RecordCopyRequest request) {
        RecordCopyAnswer answer;
        try {
            answer = gateway.client().post()
                    .uri("/internal/v1/municipalities/{lg}/record-copies", request.holder().value())
                    .contentType(MediaType.APPLICATION_JSON).body(request)
                    .retrieve().body(RecordCopyAnswer.class);
        } catch (RestClientException e) {
            log.warn("Asking {} for record copy {} failed ({})", request.holder().value(), request.requestId(),
                    e.getClass().getSimpleName());
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the municipality holding the record ("
                    + request.holder().value() + ") cannot be reached now; nothing was issued, please retry");
        }
        if (answer == null || !answer.requestId().equals(request.requestId())) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the municipality holding the record gave no usable "
                    + "answer; nothing was issued, please retry");
        }
        boolean issued = answer.outcome() == RecordCopyAnswer.Outcome.ISSUED;
        Instant now = clock.instant();
        transactions.executeWithoutResult(status ->
                copies.record(request, RecordCopyLog.Role.ISSUER, null, issued, null, false, now));
        if (!issued) {
            throw new Refusal(Refusal.Kind.NOT_ISSUABLE, null, "a copy of this resident record cannot be issued here "
                    + "by wide-area issuance; the requester may ask at the municipality of residence");
        }
        return new IssuedCopy(request.requestId(), settings.municipality(), request.holder(), now, answer.copy());
    }
}
