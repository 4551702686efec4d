package jp.jukinet.cs.fuhyo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.stereotype.Component;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.fuhyo.PermanentDomicile;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.FuhyoNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.peer.PeerOutbox;

/**
 * The municipality of residence's side of the 附票 notice (住基法 第19条第1項), called by the
 * registration inside its transaction, so the notice is committed with the change it reports and
 * sent exactly once in effect (the peer outbox; the 本籍地 keeps each notice id once). When the
 * person has no 本籍 here (no row in {@link Domiciles}) nothing is sent; when the 本籍 is in this
 * municipality the 附票 is written here, without the network.
 */
@Component
public class FuhyoNotices {

    private final CsSettings settings;
    private final Domiciles domiciles;
    private final Fuhyo fuhyo;
    private final PeerOutbox peers;

    FuhyoNotices(CsSettings settings, Domiciles domiciles, Fuhyo fuhyo, PeerOutbox peers) {
        this.settings = settings;
        this.domiciles = domiciles;
        this.fuhyo = fuhyo;
        this.peers = peers;
    }

    /**
     * A record created here (出生, 転入, 国外からの転入, 職権記載), with the 本籍 the clerk entered, or
     * {@code null} for none (a 本籍 kept from an earlier residence here is forgotten: the clerk enters
     * it anew from the 転入届).
     */
    public void recordCreated(IdentityInformation after, PermanentDomicile entered, FuhyoNotice.Event event,
                              Instant now) {
        if (entered == null) {
            domiciles.forget(after.residentCode());
            return;
        }
        domiciles.enter(after.residentCode(), entered, now);
        send(after, entered, after.change().effectiveDate(), event, now);
    }

    /** A new address within this municipality (転居). */
    public void addressChanged(IdentityInformation after, Instant now) {
        domiciles.of(after.residentCode()).ifPresent(domicile ->
                send(after, domicile, after.change().effectiveDate(), FuhyoNotice.Event.MOVE_WITHIN, now));
    }

    /**
     * A corrected address (職権修正): the 附票 gets the corrected address.
     *
     * @param addressSince 住所を定めた年月日 of the address, which the correction does not change
     */
    public void addressCorrected(IdentityInformation after, LocalDate addressSince, Instant now) {
        domiciles.of(after.residentCode()).ifPresent(domicile ->
                send(after, domicile, addressSince, FuhyoNotice.Event.EX_OFFICIO_CORRECTION, now));
    }

    /**
     * A 本籍の変更 (転籍): the new 本籍 is recorded, and its 本籍地 starts a 附票 with the current address.
     *
     * @param addressSince 住所を定めた年月日 of the current address
     */
    public void domicileChanged(IdentityInformation current, PermanentDomicile domicile, LocalDate addressSince,
                                Instant now) {
        domiciles.enter(current.residentCode(), domicile, now);
        send(current, domicile, addressSince, FuhyoNotice.Event.DOMICILE_CHANGE, now);
    }

    /** Follows a change of resident code (住民票コードの変更). */
    public void renumbered(ResidentCode previous, ResidentCode current) {
        domiciles.renumber(previous, current);
    }

    private void send(IdentityInformation person, PermanentDomicile domicile, LocalDate addressSince,
                      FuhyoNotice.Event event, Instant now) {
        UUID id = UUID.randomUUID();
        if (domicile.municipality().equals(settings.municipality())) {
            // the 本籍 is here: the 附票 is this CS's own, written in the same transaction
            fuhyo.record(new Fuhyo.Written(id, settings.municipality(), domicile, person.residentCode(), person.name(),
                    person.dateOfBirth(), person.sex(), person.address(), addressSince, event), now);
            return;
        }
        peers.append(NodeId.cs(domicile.municipality()), id, new FuhyoNotice(id, settings.municipality(), domicile,
                person.residentCode(), person.name(), person.dateOfBirth(), person.sex(), person.address(),
                addressSince, event));
    }
}
