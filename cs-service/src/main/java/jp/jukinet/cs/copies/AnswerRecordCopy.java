package jp.jukinet.cs.copies;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.household.Households;
import jp.jukinet.cs.moves.Moves;
import jp.jukinet.cs.protection.DvProtections;
import jp.jukinet.model.copy.RecordCopy;
import jp.jukinet.model.copy.RecordCopyAnswer;
import jp.jukinet.model.copy.RecordCopyItem;
import jp.jukinet.model.copy.RecordCopyRequest;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.DvProtection;
import jp.jukinet.service.register.HistoryEntry;
import jp.jukinet.service.register.ResidentRegister;

/**
 * The holder's (A's) side of a wide-area copy: decides, records, and answers.
 *
 * <p>A copy is issued for a record in force here to the person or a member of their household
 * (住基法 第12条の4 第1項), decided from this register (PRODUCT.md F10): the requester's resident
 * code, name and date of birth, as C's clerk read them from an identity document, must be those of
 * the person or of a member of their household here. The register holds no 世帯 (household) yet, so a
 * household member is taken to be a resident registered here, in force, at the same address — a
 * stand-in until households are modelled. While DV support measures stand, only the person gets a
 * copy. Every refusal is answered alike (NOT_ISSUABLE); the reason stays in this CS's log for its
 * clerks.
 */
@Service
class AnswerRecordCopy {

    private static final Set<ChangeReason> BECAME_RESIDENT =
            EnumSet.of(ChangeReason.BIRTH, ChangeReason.MOVE_IN, ChangeReason.MOVE_IN_FROM_ABROAD);
    private static final Set<ChangeReason> TOOK_ADDRESS =
            EnumSet.of(ChangeReason.BIRTH, ChangeReason.MOVE_IN, ChangeReason.MOVE_IN_FROM_ABROAD, ChangeReason.MOVE_WITHIN);

    private final CsSettings settings;
    private final ResidentRegister register;
    private final DvProtections protections;
    private final Moves moves;
    private final RecordCopyLog log;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Households households;

    AnswerRecordCopy(CsSettings settings, ResidentRegister register, DvProtections protections, Moves moves,
                     RecordCopyLog log, TransactionTemplate transactions, Clock clock, Households households) {
        this.households = households;
        this.settings = settings;
        this.register = register;
        this.protections = protections;
        this.moves = moves;
        this.log = log;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Answers a request addressed to this municipality, after recording it. */
    RecordCopyAnswer answer(RecordCopyRequest request) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            LocalDate today = LocalDate.now(clock);
            RecordCopyRequest.Requester requester = request.requester();
            Optional<IdentityInformation> found = register.find(request.residentCode())
                    .filter(identity -> identity.municipality().equals(settings.municipality()));
            if (found.isEmpty()) {
                log.record(request, RecordCopyLog.Role.HOLDER, null, false, RecordCopyLog.Reason.NOT_REGISTERED, false, now);
                return RecordCopyAnswer.notIssuable(request.requestId());
            }
            IdentityInformation identity = found.get();
            RecordCopyLog.Relationship relationship = relationship(identity, requester);
            Optional<DvProtection> protection = protections.standing(identity.residentCode(), today);
            boolean restricted = protection.map(p -> p.names(requester.residentCode())).orElse(false);
            RecordCopyLog.Reason refusal = null;
            if (!identity.active()) {
                refusal = RecordCopyLog.Reason.REMOVED;
            } else if (relationship == RecordCopyLog.Relationship.UNVERIFIED) {
                refusal = RecordCopyLog.Reason.REQUESTER_NOT_VERIFIED;
            } else if (protection.isPresent() && relationship != RecordCopyLog.Relationship.SELF) {
                refusal = RecordCopyLog.Reason.DV_PROTECTED;
            } else if (relationship == RecordCopyLog.Relationship.OTHER) {
                refusal = RecordCopyLog.Reason.NOT_HOUSEHOLD;
            }
            log.record(request, RecordCopyLog.Role.HOLDER, relationship, refusal == null, refusal, restricted, now);
            return refusal == null ? RecordCopyAnswer.issued(request.requestId(), copy(identity, request.include()))
                    : RecordCopyAnswer.notIssuable(request.requestId());
        });
    }

    /**
     * Who the requester is, judged from this register alone: the person, or a member of their
     * household, only when the name and date of birth read from their identity document are those
     * this register holds for the resident code they gave. A code alone proves nothing: anyone can
     * type one.
     */
    private RecordCopyLog.Relationship relationship(IdentityInformation identity, RecordCopyRequest.Requester requester) {
        Optional<IdentityInformation> registered = identity.residentCode().equals(requester.residentCode())
                ? Optional.of(identity)
                : register.find(requester.residentCode())
                        .filter(other -> other.municipality().equals(settings.municipality()) && other.active());
        if (registered.isEmpty()) {
            return RecordCopyLog.Relationship.OTHER;
        }
        IdentityInformation person = registered.get();
        if (!person.dateOfBirth().equals(requester.dateOfBirth())
                || !ResidentRegister.normalizedName(person).equals(requester.normalizedName())) {
            return RecordCopyLog.Relationship.UNVERIFIED;
        }
        if (person.residentCode().equals(identity.residentCode())) {
            return RecordCopyLog.Relationship.SELF;
        }
        // the household as the 届出 made it, not the address: several households may share one
        return households.sameHousehold(person.residentCode(), identity.residentCode())
                ? RecordCopyLog.Relationship.HOUSEHOLD : RecordCopyLog.Relationship.OTHER;
    }

    private RecordCopy copy(IdentityInformation identity, Set<RecordCopyItem> include) {
        List<HistoryEntry> residence = register.history(identity.residentCode()).stream()
                .filter(entry -> entry.identity().municipality().equals(settings.municipality())
                        && entry.identity().residence() == identity.residence())
                .toList();
        LocalDate residentSince = residence.stream().filter(entry -> BECAME_RESIDENT.contains(entry.reason()))
                .reduce((first, second) -> second).map(HistoryEntry::effectiveDate).orElse(null);
        LocalDate addressSince = residence.stream().filter(entry -> TOOK_ADDRESS.contains(entry.reason()))
                .reduce((first, second) -> second).map(HistoryEntry::effectiveDate).orElse(null);
        List<RecordCopy.HistoryItem> history = include.contains(RecordCopyItem.HISTORY)
                ? residence.stream().map(entry -> new RecordCopy.HistoryItem(entry.reason(),
                        entry.reason().japaneseLabel(), entry.effectiveDate(), entry.notifiedDate(),
                        entry.identity().address())).toList()
                : null;
        RecordCopy.PlannedMoveOut planned = moves.pendingMoveOut(identity.residentCode())
                .map(move -> new RecordCopy.PlannedMoveOut(move.destination(), move.plannedDate())).orElse(null);
        return new RecordCopy(settings.municipality(), identity.name(), identity.dateOfBirth(), identity.sex(),
                identity.address(), residentSince, addressSince, identity.change(),
                include.contains(RecordCopyItem.RESIDENT_CODE) ? identity.residentCode() : null,
                include.contains(RecordCopyItem.MY_NUMBER) ? identity.myNumber() : null,
                history, planned,
                include.contains(RecordCopyItem.HOUSEHOLD) ? households.item(identity.residentCode()).orElse(null) : null);
    }
}
