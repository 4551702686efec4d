package jp.jukinet.cs.moves;

import java.time.Instant;
import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.move.MoveOutCertificate;
import jp.jukinet.model.move.MoveOutWithdrawal;

/**
 * A move into this municipality: the 転出証明書情報 received and what became of it.
 *
 * @param certificate {@code null} only when a withdrawal arrived before the certificate
 * @param reason      why it was withdrawn; {@code null} unless WITHDRAWN
 * @param changeId    the 転入 registered on it; {@code null} unless COMPLETED
 */
public record IncomingMove(UUID moveId, ResidentCode residentCode, LocalGovernmentCode origin,
                           MoveOutCertificate certificate, State state, MoveOutWithdrawal.Reason reason,
                           UUID changeId, Instant receivedAt) {

    /** What became of a move in. */
    public enum State {
        /** Waiting for the person to appear with a 転入届. */
        AVAILABLE,
        /** The 転入届 is registered on it. */
        COMPLETED,
        /** The origin withdrew it (転出取消, or the person died). */
        WITHDRAWN
    }

    /** Whether this is a move of {@code person} out of {@code from}: only its origin may change it, and only for that person. */
    public boolean isOf(LocalGovernmentCode from, ResidentCode person) {
        return origin.equals(from) && residentCode.equals(person);
    }

    public MoveView view() {
        return new MoveView(moveId, MoveView.Direction.IN, state.name(), residentCode, origin, null,
                certificate == null ? null : certificate.plannedDate(), null,
                certificate != null && certificate.cardBased(), null);
    }

    @Override
    public String toString() {
        return "IncomingMove[moveId=" + moveId + ", origin=" + origin + ", state=" + state + "]";
    }
}
