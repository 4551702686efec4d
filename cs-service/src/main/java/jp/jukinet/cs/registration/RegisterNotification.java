package jp.jukinet.cs.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.moves.MoveOutVerifier;
import jp.jukinet.cs.moves.MoveRegistrations;
import jp.jukinet.cs.moves.OutgoingMove;
import jp.jukinet.cs.numbering.Numbering;
import jp.jukinet.cs.numbering.ResidentCodePool;
import jp.jukinet.cs.protection.DvProtections;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeOutbox;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers one notification at this CS: validates it, numbers a new resident, and commits the
 * resident's new state, its history row, the outbox notice and the Idempotency-Key record in one
 * transaction; for MOVE_OUT and MOVE_IN also the move and the message to the other CS (see
 * {@link MoveRegistrations}). A refused notification writes nothing.
 */
@Service
class RegisterNotification {

    /** A move out is notified up to this many days before the planned date (住基法 第24条). */
    private static final int MOVE_OUT_NOTICE_DAYS = 14;

    private final CsSettings settings;
    private final NodeId localNode;
    private final ResidentRegister register;
    private final NoticeOutbox outbox;
    private final ResidentCodePool codes;
    private final Numbering numbering;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final MoveRegistrations moves;
    private final DvProtections protections;
    private final MoveOutVerifier verifier;
    private final CsOnlyItems csOnly;

    RegisterNotification(CsSettings settings, NodeId localNode, ResidentRegister register, NoticeOutbox outbox,
                         ResidentCodePool codes, Numbering numbering, TransactionTemplate transactions,
                         JdbcClient jdbc, JsonMapper json, Clock clock, MoveRegistrations moves,
                         DvProtections protections, MoveOutVerifier verifier,
                         CsOnlyItems csOnly) {
        this.settings = settings;
        this.localNode = localNode;
        this.register = register;
        this.outbox = outbox;
        this.codes = codes;
        this.numbering = numbering;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.moves = moves;
        this.protections = protections;
        this.verifier = verifier;
        this.csOnly = csOnly;
    }

    /**
     * @param idempotencyKey the client's key, or {@code null}; the same key with the same request
     *                       gives the first answer again and makes no second change
     */
    RegistrationResult register(LocalGovernmentCode municipality, String idempotencyKey, NotificationRequest request) {
        return register(municipality, idempotencyKey, request, OutgoingMove.Channel.COUNTER);
    }

    /**
     * @param channel how the notification arrived: at the counter, or online from the person (only a
     *                MOVE_OUT arrives online)
     */
    RegistrationResult register(LocalGovernmentCode municipality, String idempotencyKey, NotificationRequest request,
                                OutgoingMove.Channel channel) {
        return register(prepare(municipality, idempotencyKey, request, channel));
    }

    /** Registers a notification {@link #prepare} accepted, in a transaction of its own. */
    RegistrationResult register(Prepared prepared) {
        if (prepared.earlier() != null) {
            return prepared.earlier();
        }
        try {
            return commit(prepared.accepted(), prepared.idempotencyKey(), prepared.hash());
        } catch (DuplicateKeyException e) {
            // a concurrent request with the same key committed first: answer as it did
            return earlierAnswerTo(prepared).orElseThrow(() -> e);
        }
    }

    /**
     * A notification that passed validation and has no earlier answer, with what its
     * Idempotency-Key must match; or the answer given earlier under that key. See {@link #prepare}.
     */
    record Prepared(Accepted accepted, String idempotencyKey, byte[] hash, RegistrationResult earlier) {

        /** A birth, which a batch numbers together with the other births of its chunk. */
        boolean isBirth() {
            return earlier == null && accepted.type() == NotificationType.BIRTH;
        }
    }

    /**
     * The checks of {@link #register} that need no numbers and no lock: the answer given earlier
     * under the same Idempotency-Key, or the validated notification. Refusals are thrown.
     */
    Prepared prepare(LocalGovernmentCode municipality, String idempotencyKey, NotificationRequest request,
                     OutgoingMove.Channel channel) {
        if (!municipality.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
        if (request == null) {
            throw Refusal.invalid("body", "a notification is required");
        }
        byte[] hash = hash(municipality, request, channel);
        if (idempotencyKey != null) {
            validateKey(idempotencyKey);
            Optional<RegistrationResult> earlier = earlierAnswer(idempotencyKey, hash);
            if (earlier.isPresent()) {
                return new Prepared(null, idempotencyKey, hash, earlier.get());
            }
        }
        return new Prepared(validate(request, channel), idempotencyKey, hash, null);
    }

    /**
     * Writes a birth numbered beforehand (a batch numbers its births together) inside the caller's
     * transaction, as {@link #register} would have written it.
     */
    RegistrationResult writeBirth(Prepared prepared, ResidentCode code, MyNumber number) {
        if (!prepared.isBirth()) {
            throw new IllegalArgumentException("not a birth to be written");
        }
        return write(prepared.accepted(), prepared.idempotencyKey(), prepared.hash(), code, number, null);
    }

    /** The answer given earlier under this key, seen from the caller's transaction. */
    Optional<RegistrationResult> earlierAnswerTo(Prepared prepared) {
        return prepared.idempotencyKey() == null ? Optional.empty()
                : earlierAnswer(prepared.idempotencyKey(), prepared.hash());
    }

    /** A request that passed the checks that need no lock, with today's date fixed. */
    record Accepted(NotificationRequest request, ChangeInformation change, OutgoingMove.Channel channel) {
        NotificationType type() {
            return request.type();
        }

        PersonData person() {
            return request.person() == null ? new PersonData(null, null, null, null) : request.person();
        }
    }

    private Accepted validate(NotificationRequest request, OutgoingMove.Channel channel) {
        NotificationType type = request.type();
        if (type == null) {
            throw Refusal.invalid("type", "type is required (" + NotificationType.listed() + ")");
        }
        if (channel != OutgoingMove.Channel.COUNTER && type != NotificationType.MOVE_OUT) {
            throw Refusal.invalid("type", "only a MOVE_OUT arrives online");
        }
        if (request.effectiveDate() == null) {
            throw Refusal.invalid("effectiveDate", "effectiveDate (異動年月日) is required");
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate notified = request.notifiedDate() == null ? today : request.notifiedDate();
        if (notified.isAfter(today)) {
            throw Refusal.invalid("notifiedDate", "notifiedDate (届出年月日) must not be in the future");
        }
        boolean movingOut = type == NotificationType.MOVE_OUT_ABROAD || type == NotificationType.MOVE_OUT;
        LocalDate latestEffective = movingOut ? notified.plusDays(MOVE_OUT_NOTICE_DAYS) : notified;
        if (request.effectiveDate().isAfter(latestEffective)) {
            throw Refusal.invalid("effectiveDate", movingOut
                    ? "a move out is notified at most " + MOVE_OUT_NOTICE_DAYS + " days before the planned date"
                    : "effectiveDate (異動年月日) must not be after the notified date");
        }
        validateMoveFields(request);
        csOnly.validate(request);
        PersonData person = request.person() == null ? new PersonData(null, null, null, null) : request.person();
        if (type.createsResident()) {
            if (request.residentCode() != null) {
                throw Refusal.invalid("residentCode", "a new resident is numbered by the network; do not send a resident code");
            }
            requirePresent(person.name(), "person.name");
            requirePresent(person.dateOfBirth(), "person.dateOfBirth");
            requirePresent(person.sex(), "person.sex");
            requirePresent(person.address(), "person.address");
            if (person.dateOfBirth().isAfter(request.effectiveDate())) {
                throw Refusal.invalid("person.dateOfBirth", "date of birth must not be after effectiveDate");
            }
            if (type == NotificationType.BIRTH && !person.dateOfBirth().equals(request.effectiveDate())) {
                throw Refusal.invalid("person.dateOfBirth", "for a birth, the date of birth is the effective date");
            }
        } else {
            requirePresent(request.residentCode(), "residentCode");
            switch (type) {
                case MOVE_WITHIN -> {
                    requirePresent(person.address(), "person.address");
                    onlyThese(person, "address");
                }
                case MOVE_IN -> onlyThese(person, "address");
                case NAME_CHANGE -> {
                    requirePresent(person.name(), "person.name");
                    onlyThese(person, "name");
                }
                case CORRECTION -> {
                    if (person.isEmpty()) {
                        throw Refusal.invalid("person", "a correction names at least one corrected field");
                    }
                }
                default -> {
                    if (!person.isEmpty()) {
                        throw Refusal.invalid("person", "a " + type + " notification carries no person data");
                    }
                }
            }
        }
        if (type.csOnly()) {
            return new Accepted(request, null, channel);
        }
        try {
            return new Accepted(request, new ChangeInformation(type.reason(), request.effectiveDate(), notified), channel);
        } catch (InvalidValueException e) {
            throw e.withField(e.field());
        }
    }

    private void validateMoveFields(NotificationRequest request) {
        NotificationType type = request.type();
        if (type == NotificationType.MOVE_OUT) {
            NotificationRequest.Destination destination = request.destination();
            requirePresent(destination, "destination");
            requirePresent(destination.municipality(), "destination.municipality");
            requirePresent(destination.address(), "destination.address");
            if (destination.municipality().equals(settings.municipality())) {
                throw Refusal.invalid("destination.municipality",
                        "a move within this municipality is a MOVE_WITHIN (転居), not a MOVE_OUT");
            }
            if (destination.municipality().municipalityPart().equals("000")) {
                throw Refusal.invalid("destination.municipality", "names a prefecture, not a municipality");
            }
        } else if (request.destination() != null) {
            throw Refusal.invalid("destination", "only a MOVE_OUT names a destination");
        }
        if (type != NotificationType.MOVE_OUT && request.cardBased() != null) {
            throw Refusal.invalid("cardBased", "only a MOVE_OUT can be card-based");
        }
        if (type != NotificationType.MOVE_IN && request.cardPresented() != null) {
            throw Refusal.invalid("cardPresented", "only a MOVE_IN asks for the card");
        }
        if (type != NotificationType.MOVE_IN && request.moveId() != null) {
            throw Refusal.invalid("moveId", "only a MOVE_IN names the move it completes");
        }
        PaperMoveOutCertificate paper = request.moveOutCertificate();
        if (paper != null) {
            if (type != NotificationType.MOVE_IN) {
                throw Refusal.invalid(PaperMoveOutCertificate.FIELD, "only a MOVE_IN carries a 転出証明書");
            }
            if (request.moveId() != null) {
                throw Refusal.invalid("moveId", "a move-in on a paper 転出証明書 is the paper's move; do not name one");
            }
            if (request.residentCode() != null && !request.residentCode().equals(paper.residentCode())) {
                throw Refusal.invalid(PaperMoveOutCertificate.FIELD + ".residentCode",
                        "the 転出証明書 is of another resident than residentCode");
            }
            if (!paper.destination().equals(settings.municipality())) {
                throw Refusal.invalid(PaperMoveOutCertificate.FIELD + ".destination", "this 転出証明書 is for a move to "
                        + paper.destination().value() + ", not to " + settings.municipality().value());
            }
        }
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw Refusal.invalid(field, field + " is required for this notification type");
        }
    }

    private static void onlyThese(PersonData person, String allowed) {
        if (!"name".equals(allowed) && person.name() != null) {
            throw Refusal.invalid("person.name", "this notification type does not change the name");
        }
        if (!"address".equals(allowed) && person.address() != null) {
            throw Refusal.invalid("person.address", "this notification type does not change the address");
        }
        if (person.dateOfBirth() != null) {
            throw Refusal.invalid("person.dateOfBirth", "this notification type does not change the date of birth");
        }
        if (person.sex() != null) {
            throw Refusal.invalid("person.sex", "this notification type does not change the sex");
        }
    }

    private RegistrationResult commit(Accepted accepted, String idempotencyKey, byte[] hash) {
        NotificationType type = accepted.type();
        ResidentCode newCode = null;
        MyNumber newNumber = null;
        if (type == NotificationType.MOVE_IN_FROM_ABROAD) {
            PersonData person = accepted.person();
            if (numbering.registeredAnywhere(person.name(), person.dateOfBirth(), person.sex())) {
                throw Refusal.conflict("person", "a person with this name, date of birth and sex is registered at a "
                        + "municipality: they keep their resident code and move in with MOVE_IN after a move-out "
                        + "(転出届) there, not as 国外からの転入");
            }
        }
        if (type.createsResident()) {
            newCode = codes.next();
            newNumber = numbering.myNumbers(List.of(newCode), false).get(0);
        } else if (type == NotificationType.RESIDENT_CODE_CHANGE) {
            requireChangeable(currentRecord(accepted.request().residentCode()), type);
            newCode = codes.next();
        } else if (type == NotificationType.MY_NUMBER_CHANGE) {
            requireChangeable(currentRecord(accepted.request().residentCode()), type);
            newNumber = numbering.myNumbers(List.of(accepted.request().residentCode()), true).get(0);
        }
        IdentityInformation removal = null;
        if (type == NotificationType.MOVE_IN && accepted.request().moveOutCertificate() != null) {
            requireNotRegisteredHere(accepted.request().residentCode());
            removal = verifier.verify(accepted.request().moveOutCertificate());
        }
        ResidentCode assignedCode = newCode;
        MyNumber assignedNumber = newNumber;
        IdentityInformation verifiedRemoval = removal;
        return transactions.execute(status -> write(accepted, idempotencyKey, hash, assignedCode, assignedNumber,
                verifiedRemoval));
    }

    /**
     * Writes an accepted notification with its numbers, inside the caller's transaction.
     *
     * @param removal for a MOVE_IN on a paper 転出証明書, J-LIS's record of the person's removal that
     *                the paper was checked against; {@code null} otherwise
     */
    private RegistrationResult write(Accepted accepted, String idempotencyKey, byte[] hash, ResidentCode assignedCode,
                                     MyNumber assignedNumber, IdentityInformation removal) {
        UUID changeId = UUID.randomUUID();
        Instant now = clock.instant();
        RegistrationResult result = switch (accepted.type()) {
            case MOVE_OUT -> moveOut(accepted, changeId, now);
            case MOVE_IN -> moveIn(accepted, changeId, now, removal);
            case DOMICILE_CHANGE, HOUSEHOLD_CHANGE -> csOnlyChange(accepted, changeId);
            default -> change(accepted, changeId, now, assignedCode, assignedNumber);
        };
        csOnly.afterWrite(accepted, result, now);
        if (idempotencyKey != null) {
            jdbc.sql("""
                            INSERT INTO idempotency_keys (idempotency_key, request_hash, change_id, response_body, created_at)
                            VALUES (:key, :hash, :change, :body::jsonb, :at)""")
                    .param("key", idempotencyKey)
                    .param("hash", hash)
                    .param("change", result.changeId() != null ? result.changeId() : result.move().moveId())
                    .param("body", json.writeValueAsString(result))
                    .param("at", Timestamp.from(now))
                    .update();
        }
        return result;
    }

    /**
     * A 本籍の変更 or 世帯変更届: nothing in the register changes (the answer's change id names the 届出);
     * {@link CsOnlyItems} writes it, for a resident here and in force.
     */
    private RegistrationResult csOnlyChange(Accepted accepted, UUID changeId) {
        IdentityInformation current = register.findForUpdate(accepted.request().residentCode())
                .filter(found -> found.municipality().equals(settings.municipality()))
                .orElseThrow(this::notResidentHere);
        requireChangeable(current, accepted.type());
        return RegistrationResult.of(changeId, current);
    }

    /**
     * A 転出届: the record is removed (消除) now, reason 転出, dated the planned move-out date and naming
     * the destination, and kept as a 除票; the removal goes up the notice chain with the move (and, for
     * the card-based kind, the 転出証明書情報 to the destination) in the same transaction. The
     * destination's 転入通知 later completes the 除票 with the day moved.
     */
    private RegistrationResult moveOut(Accepted accepted, UUID changeId, Instant now) {
        IdentityInformation before = register.findForUpdate(accepted.request().residentCode())
                .filter(found -> found.municipality().equals(settings.municipality()))
                .orElseThrow(this::notResidentHere);
        requireChangeable(before, NotificationType.MOVE_OUT);
        NotificationRequest.Destination destination = accepted.request().destination();
        OutgoingMove move = moves.moveOut(before, destination.municipality(), destination.address(),
                accepted.change().effectiveDate(), accepted.change().notifiedDate(),
                Boolean.TRUE.equals(accepted.request().cardBased()) || accepted.channel() == OutgoingMove.Channel.ONLINE,
                accepted.channel(), now);
        IdentityInformation removed = before.movedOut(destination.municipality(), accepted.change());
        RecordedChange change = new RecordedChange(changeId, localNode, null, now, removed, null, null);
        register.record(List.of(change));
        outbox.append(change);
        return RegistrationResult.of(changeId, removed).withMove(move.view());
    }

    private void requireNotRegisteredHere(ResidentCode code) {
        register.find(code)
                .filter(found -> found.municipality().equals(settings.municipality()) && found.active())
                .ifPresent(found -> {
                    throw Refusal.conflict("residentCode", "this resident is already registered at "
                            + settings.municipality().value());
                });
    }

    /**
     * A 転入届 on 転出証明書情報 received from the municipality the person moved from, or on a paper
     * 転出証明書 checked against J-LIS ({@code removal}).
     */
    private RegistrationResult moveIn(Accepted accepted, UUID changeId, Instant now, IdentityInformation removal) {
        ResidentCode code = accepted.request().residentCode();
        register.findForUpdate(code);
        requireNotRegisteredHere(code);
        MoveRegistrations.MovedIn movedIn = removal != null
                ? moves.moveInOnPaper(accepted.request().moveOutCertificate(), removal, accepted.change(),
                        accepted.person().address(), changeId, now)
                : moves.moveIn(code, accepted.request().moveId(), accepted.change(), accepted.person().address(),
                        Boolean.TRUE.equals(accepted.request().cardPresented()), changeId, now);
        RecordedChange change = new RecordedChange(changeId, localNode, null, now, movedIn.identity(), null, null);
        register.record(List.of(change));
        outbox.append(change);
        return RegistrationResult.of(changeId, movedIn.identity()).withMove(movedIn.move().view());
    }

    private RegistrationResult change(Accepted accepted, UUID changeId, Instant now, ResidentCode assignedCode,
                                      MyNumber assignedNumber) {
        NotificationType type = accepted.type();
        ResidentCode previousCode = null;
        MyNumber previousNumber = null;
        IdentityInformation after;
        PersonData person = accepted.person();
        if (type.createsResident()) {
            after = new IdentityInformation(assignedCode, assignedNumber, person.name(), person.dateOfBirth(),
                    person.sex(), person.address(), settings.municipality(), ResidentStatus.ACTIVE,
                    accepted.change());
        } else {
            IdentityInformation before = register.findForUpdate(accepted.request().residentCode())
                    .filter(found -> found.municipality().equals(settings.municipality()))
                    .orElseThrow(() -> notResidentHere());
            // a death after the 転出届 and before the 転入 is registered on the record the 転出届 removed
            if (!(type == NotificationType.DEATH && moves.moveOutPending(before.residentCode()))) {
                requireChangeable(before, type);
            }
            moves.beforeChange(before, type.reason(), now);
            ResidentStatus status1 = type.reason().removesResident() ? ResidentStatus.REMOVED : before.status();
            ResidentCode code = before.residentCode();
            MyNumber number = before.myNumber();
            if (type == NotificationType.RESIDENT_CODE_CHANGE) {
                previousCode = code;
                code = assignedCode;
            }
            if (type == NotificationType.MY_NUMBER_CHANGE) {
                previousNumber = number;
                number = assignedNumber;
            }
            after = new IdentityInformation(code, number,
                    person.name() != null ? person.name() : before.name(),
                    person.dateOfBirth() != null ? person.dateOfBirth() : before.dateOfBirth(),
                    person.sex() != null ? person.sex() : before.sex(),
                    person.address() != null ? person.address() : before.address(),
                    before.municipality(), status1, accepted.change(), before.residence(),
                    status1 == ResidentStatus.REMOVED && type == NotificationType.CORRECTION ? before.movedTo() : null);
            if (previousCode != null) {
                protections.moveToNewCode(previousCode, code);
            }
        }
        RecordedChange change = new RecordedChange(changeId, localNode, null, now, after, previousCode,
                previousNumber);
        register.record(List.of(change));
        outbox.append(change);
        return RegistrationResult.of(changeId, after);
    }

    private IdentityInformation currentRecord(ResidentCode code) {
        return register.find(code)
                .filter(found -> found.residentCode().equals(code))
                .filter(found -> found.municipality().equals(settings.municipality()))
                .orElseThrow(this::notResidentHere);
    }

    private Refusal notResidentHere() {
        return Refusal.notFound("residentCode", "no resident with this resident code is registered at "
                + settings.municipality().value());
    }

    private static void requireChangeable(IdentityInformation before, NotificationType type) {
        if (!before.active() && type != NotificationType.CORRECTION) {
            throw Refusal.conflict("residentCode", "the resident's record is removed (消除, "
                    + before.change().reason().japaneseLabel() + "); a " + type + " cannot be registered");
        }
    }

    private Optional<RegistrationResult> earlierAnswer(String key, byte[] hash) {
        return jdbc.sql("SELECT request_hash, response_body FROM idempotency_keys WHERE idempotency_key = :key")
                .param("key", key)
                .query((row, n) -> {
                    if (!MessageDigest.isEqual(row.getBytes(1), hash)) {
                        throw Refusal.conflict("Idempotency-Key",
                                "this Idempotency-Key was used for a different request");
                    }
                    return json.readValue(row.getString(2), RegistrationResult.class);
                })
                .optional();
    }

    private static void validateKey(String key) {
        if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw Refusal.invalid("Idempotency-Key", "must be 1-200 visible ASCII characters");
        }
    }

    private byte[] hash(LocalGovernmentCode municipality, NotificationRequest request, OutgoingMove.Channel channel) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(municipality.value().getBytes(StandardCharsets.US_ASCII));
            if (channel != OutgoingMove.Channel.COUNTER) {
                digest.update(channel.name().getBytes(StandardCharsets.US_ASCII));
            }
            digest.update(json.writeValueAsBytes(request));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
