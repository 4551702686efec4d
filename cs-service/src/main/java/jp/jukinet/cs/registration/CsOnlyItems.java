package jp.jukinet.cs.registration;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.stereotype.Component;

import jp.jukinet.cs.fuhyo.FuhyoNotices;
import jp.jukinet.cs.household.HouseholdRequest;
import jp.jukinet.cs.household.Households;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.FuhyoNotice;
import jp.jukinet.service.register.HistoryEntry;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;

/**
 * The part of a 届出 that only the CS keeps (issue #13): the 本籍 with its 附票 notice
 * ({@code jp.jukinet.cs.fuhyo}) and the household ({@code jp.jukinet.cs.household}). {@link
 * RegisterNotification} calls {@link #validate} with its other checks and {@link #afterWrite} in the
 * registration's transaction, after the register is written, so both commit with the change or not
 * at all.
 */
@Component
class CsOnlyItems {

    private static final Set<NotificationType> TAKES_DOMICILE = EnumSet.of(NotificationType.BIRTH,
            NotificationType.MOVE_IN, NotificationType.MOVE_IN_FROM_ABROAD, NotificationType.DOMICILE_CHANGE);
    private static final Set<ChangeReason> TOOK_ADDRESS = EnumSet.of(ChangeReason.BIRTH, ChangeReason.MOVE_IN,
            ChangeReason.MOVE_IN_FROM_ABROAD, ChangeReason.MOVE_WITHIN, ChangeReason.EX_OFFICIO_ENTRY);

    private final FuhyoNotices fuhyo;
    private final Households households;
    private final ResidentRegister register;

    CsOnlyItems(FuhyoNotices fuhyo, Households households, ResidentRegister register) {
        this.fuhyo = fuhyo;
        this.households = households;
        this.register = register;
    }

    /** Which notification types take {@code domicile} and {@code household}, and their shape. */
    void validate(NotificationRequest request) {
        NotificationType type = request.type();
        if (request.domicile() != null && !TAKES_DOMICILE.contains(type)) {
            throw Refusal.invalid("domicile", "only BIRTH, MOVE_IN, MOVE_IN_FROM_ABROAD and DOMICILE_CHANGE enter a 本籍");
        }
        if (type == NotificationType.DOMICILE_CHANGE && request.domicile() == null) {
            throw Refusal.invalid("domicile", "domicile (the new 本籍) is required for a DOMICILE_CHANGE");
        }
        HouseholdRequest.Occasion occasion = switch (type) {
            case BIRTH, MOVE_IN, MOVE_IN_FROM_ABROAD -> HouseholdRequest.Occasion.NEW_RECORD;
            case MOVE_WITHIN -> HouseholdRequest.Occasion.MOVE_WITHIN;
            case HOUSEHOLD_CHANGE -> HouseholdRequest.Occasion.HOUSEHOLD_CHANGE;
            default -> null;
        };
        if (request.household() == null) {
            if (occasion == HouseholdRequest.Occasion.HOUSEHOLD_CHANGE) {
                throw Refusal.invalid("household", "household is required for a HOUSEHOLD_CHANGE (世帯変更届)");
            }
            return;
        }
        if (occasion == null) {
            throw Refusal.invalid("household", "only BIRTH, MOVE_IN, MOVE_IN_FROM_ABROAD, MOVE_WITHIN and "
                    + "HOUSEHOLD_CHANGE change a household");
        }
        request.household().check(occasion);
        households.checkBeforehand(request.household());
    }

    /** Writes the CS-only part of a registered notification, in its transaction. */
    void afterWrite(RegisterNotification.Accepted accepted, RegistrationResult result, Instant now) {
        NotificationRequest request = accepted.request();
        LocalDate on = request.effectiveDate();
        switch (accepted.type()) {
            case BIRTH, MOVE_IN, MOVE_IN_FROM_ABROAD -> {
                IdentityInformation after = current(result);
                households.entered(after.residentCode(), request.household(), on, now);
                fuhyo.recordCreated(after, request.domicile(), FuhyoNotice.Event.valueOf(accepted.type().name()), now);
            }
            case MOVE_WITHIN -> {
                IdentityInformation after = current(result);
                households.changed(after.residentCode(), request.household(), on, now);
                fuhyo.addressChanged(after, now);
            }
            case CORRECTION -> {
                if (request.person() != null && request.person().address() != null) {
                    IdentityInformation after = current(result);
                    fuhyo.addressCorrected(after, addressSince(after), now);
                }
            }
            case HOUSEHOLD_CHANGE -> households.changed(result.residentCode(), request.household(), on, now);
            case DOMICILE_CHANGE -> {
                IdentityInformation after = current(result);
                fuhyo.domicileChanged(after, request.domicile(), addressSince(after), now);
            }
            case MOVE_OUT, MOVE_OUT_ABROAD, DEATH -> households.left(result.residentCode(), accepted.type().name(), on);
            case RESIDENT_CODE_CHANGE -> {
                households.renumbered(request.residentCode(), result.residentCode());
                fuhyo.renumbered(request.residentCode(), result.residentCode());
            }
            default -> { }
        }
    }

    private IdentityInformation current(RegistrationResult result) {
        return register.find(result.residentCode()).orElseThrow();
    }

    /** 住所を定めた年月日 of the current address: the last change of this residence that set it. */
    private LocalDate addressSince(IdentityInformation person) {
        return register.history(person.residentCode()).stream()
                .filter(entry -> entry.identity().municipality().equals(person.municipality())
                        && entry.identity().residence() == person.residence() && TOOK_ADDRESS.contains(entry.reason()))
                .reduce((first, second) -> second).map(HistoryEntry::effectiveDate)
                .orElse(person.change().effectiveDate());
    }
}
