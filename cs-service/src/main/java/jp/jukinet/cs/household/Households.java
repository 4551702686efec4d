package jp.jukinet.cs.household;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.household.HouseholdItem;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;

/**
 * The households of this municipality ({@code households}, {@code household_members}). Changes run
 * inside the registration's transaction, under the lock of every household they touch (taken in id
 * order), and refuse inconsistent input as problem+json naming the field, before anything is written:
 * an unknown household, a 世帯主 leaving a household others stay in without naming its new 世帯主, a
 * new 世帯主 or a 続柄 for someone who is not a member that stays, a CHANGE_HEAD that leaves the former
 * 世帯主 without a 続柄.
 *
 * <p>A removed person (死亡, 転出, 国外転出) leaves their household; when they were its 世帯主 the
 * household has none until a 世帯変更届 (CHANGE_HEAD) names one, as the 世帯主変更届 at the window does.
 */
@Component
public class Households {

    /** A member of a household, as the clerk reads it. */
    public record Member(ResidentCode residentCode, PersonName name, String relationship, LocalDate joinedOn) {
    }

    /** A household: its 世帯主 (absent after the 世帯主 was removed, until a new one is named) and current members. */
    public record View(UUID householdId, ResidentCode head, List<Member> members) {
    }

    private record Membership(UUID householdId, String relationship, boolean head) {
    }

    private final JdbcClient jdbc;
    private final ResidentRegister register;

    Households(JdbcClient jdbc, ResidentRegister register) {
        this.jdbc = jdbc;
        this.register = register;
    }

    /** The check of {@code request} that needs data but no lock, made before a new resident is numbered. */
    public void checkBeforehand(HouseholdRequest request) {
        if (request != null && request.action() == HouseholdRequest.Action.JOIN && members(request.householdId()).isEmpty()) {
            throw unknown(request.householdId());
        }
    }

    /** A new record here (出生, 転入, 国外からの転入): the person joins or sets up a household; none named: their own. */
    public void entered(ResidentCode person, HouseholdRequest request, LocalDate on, Instant now) {
        // a membership left from an earlier residence here ended with its removal; a current one cannot exist
        apply(person, request == null ? HouseholdRequest.ofTheirOwn() : request, on, now);
    }

    /** A 転居 that names a household, or a 世帯変更届. */
    public void changed(ResidentCode person, HouseholdRequest request, LocalDate on, Instant now) {
        if (request != null) {
            apply(person, request, on, now);
        }
    }

    /** A removed person (死亡, 転出, 国外転出) leaves their household. */
    public void left(ResidentCode person, String reason, LocalDate on) {
        Optional<Membership> current = membership(person);
        if (current.isEmpty()) {
            return;
        }
        lock(current.get().householdId());
        end(person, on, reason);
        if (current.get().head()) {
            setHead(current.get().householdId(), null);
        }
    }

    /**
     * A cancelled move-out (転出取消) restores the person: they rejoin the household they left by the
     * 転出 with their 続柄, as its 世帯主 again when it has none meanwhile; when it has another 世帯主 now,
     * or nobody is left in it, they are the 世帯主 of a household of their own.
     */
    public void restoreAfterCancelledMoveOut(ResidentCode person, LocalDate on, Instant now) {
        if (membership(person).isPresent()) {
            return;
        }
        record Left(UUID householdId, String relationship, boolean headless) {
        }
        Optional<Left> left = jdbc.sql("""
                        SELECT m.household_id, m.relationship, h.head IS NULL AS headless
                        FROM household_members m JOIN households h USING (household_id)
                        WHERE m.resident_code = :code AND m.left_reason = 'MOVE_OUT'
                        ORDER BY m.id DESC LIMIT 1""")
                .param("code", person.value())
                .query((row, n) -> new Left(row.getObject(1, UUID.class), row.getString(2), row.getBoolean(3)))
                .optional();
        if (left.isEmpty() || members(left.get().householdId()).isEmpty()) {
            apply(person, HouseholdRequest.ofTheirOwn(), on, now);
            return;
        }
        UUID household = left.get().householdId();
        lock(household);
        boolean wasHead = HouseholdRequest.HEAD.equals(left.get().relationship());
        if (wasHead && !left.get().headless()) {
            apply(person, HouseholdRequest.ofTheirOwn(), on, now);
            return;
        }
        join(person, household, left.get().relationship(), on);
        if (wasHead) {
            setHead(household, person);
        }
    }

    /** Follows a change of resident code (住民票コードの変更). */
    public void renumbered(ResidentCode previous, ResidentCode current) {
        jdbc.sql("UPDATE household_members SET resident_code = :current WHERE resident_code = :previous")
                .param("current", current.value()).param("previous", previous.value()).update();
        jdbc.sql("UPDATE households SET head = :current WHERE head = :previous")
                .param("current", current.value()).param("previous", previous.value()).update();
    }

    /** Whether both are current members of one household here (住基法 第12条の4: 同一の世帯に属する者). */
    public boolean sameHousehold(ResidentCode one, ResidentCode other) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM household_members a JOIN household_members b USING (household_id)
                                       WHERE a.resident_code = :one AND b.resident_code = :other
                                         AND a.left_on IS NULL AND b.left_on IS NULL)""")
                .param("one", one.value()).param("other", other.value()).query(Boolean.class).single();
    }

    /** The person's 世帯主 and 続柄, when they are in a household that has a 世帯主. */
    public Optional<HouseholdItem> item(ResidentCode person) {
        return membership(person).flatMap(membership -> head(membership.householdId())
                .flatMap(register::find)
                .map(head -> HouseholdItem.of(head.name(), membership.relationship())));
    }

    /** The household the person is a member of now. */
    public Optional<View> of(ResidentCode person) {
        return membership(person).map(membership -> {
            List<Map.Entry<ResidentCode, Member>> rows = jdbc.sql("""
                            SELECT resident_code, relationship, joined_on FROM household_members
                            WHERE household_id = :id AND left_on IS NULL ORDER BY id""")
                    .param("id", membership.householdId())
                    .query((row, n) -> Map.entry(ResidentCode.of(row.getString(1)), new Member(ResidentCode.of(row.getString(1)),
                            null, row.getString(2), row.getObject(3, LocalDate.class))))
                    .list();
            Map<ResidentCode, IdentityInformation> people = register.findAll(rows.stream().map(Map.Entry::getKey).toList());
            List<Member> members = rows.stream().map(entry -> new Member(entry.getKey(),
                    people.containsKey(entry.getKey()) ? people.get(entry.getKey()).name() : null,
                    entry.getValue().relationship(), entry.getValue().joinedOn())).toList();
            return new View(membership.householdId(), head(membership.householdId()).orElse(null), members);
        });
    }

    private void apply(ResidentCode person, HouseholdRequest request, LocalDate on, Instant now) {
        Optional<Membership> current = membership(person);
        lock(Stream.of(current.map(Membership::householdId).orElse(null), request.householdId()));
        switch (request.action()) {
            case NEW -> {
                if (current.isPresent() && current.get().head() && members(current.get().householdId()).size() == 1) {
                    throw Refusal.conflict("household.action", "the person is already the 世帯主 of a household of their own");
                }
                leave(person, current, request, on);
                UUID household = UUID.randomUUID();
                jdbc.sql("INSERT INTO households (household_id, head, created_at) VALUES (:id, :head, :at)")
                        .param("id", household).param("head", person.value()).param("at", Timestamp.from(now)).update();
                join(person, household, HouseholdRequest.HEAD, on);
            }
            case JOIN -> {
                UUID target = request.householdId();
                if (members(target).isEmpty()) {
                    throw unknown(target);
                }
                if (current.isPresent() && current.get().householdId().equals(target)) {
                    throw Refusal.conflict("household.householdId", "the person is already a member of this household");
                }
                leave(person, current, request, on);
                join(person, target, request.relationship().strip(), on);
            }
            case CHANGE_HEAD -> {
                if (current.isEmpty()) {
                    throw Refusal.conflict("residentCode", "the person is in no household here");
                }
                if (current.get().head()) {
                    throw Refusal.conflict("household.action", "the person is already the 世帯主");
                }
                UUID household = current.get().householdId();
                Optional<ResidentCode> former = head(household);
                if (former.isPresent() && request.relationships().stream()
                        .noneMatch(member -> member.residentCode().equals(former.get()))) {
                    throw Refusal.conflict("household.relationships",
                            "give the former 世帯主's 続柄 to the new 世帯主 (household.relationships)");
                }
                Set<ResidentCode> others = members(household);
                others.remove(person);
                requireMembers(request.relationships(), others);
                setHead(household, person);
                relationship(person, HouseholdRequest.HEAD);
                request.relationships().forEach(member -> relationship(member.residentCode(), member.relationship().strip()));
            }
        }
    }

    /** Ends the person's current membership for a NEW or JOIN, handing the household on when they were its 世帯主. */
    private void leave(ResidentCode person, Optional<Membership> current, HouseholdRequest request, LocalDate on) {
        Set<ResidentCode> others = current.map(membership -> members(membership.householdId())).orElse(Set.of());
        others = others.stream().filter(code -> !code.equals(person)).collect(Collectors.toSet());
        boolean handsOn = current.isPresent() && current.get().head() && !others.isEmpty();
        if (!handsOn) {
            if (request.newHead() != null) {
                throw Refusal.invalid("household.newHead",
                        "only a 世帯主 who leaves a household others stay in names its new 世帯主");
            }
            if (!request.relationships().isEmpty()) {
                throw Refusal.invalid("household.relationships",
                        "only a 世帯主 who leaves a household others stay in gives their new 続柄");
            }
            current.ifPresent(membership -> {
                end(person, on, "HOUSEHOLD_CHANGE");
                if (membership.head()) {
                    setHead(membership.householdId(), null);
                }
            });
            return;
        }
        if (request.newHead() == null) {
            throw Refusal.conflict("household.newHead",
                    "the 世帯主 leaves a household others stay in: name its new 世帯主 (household.newHead)");
        }
        if (!others.contains(request.newHead())) {
            throw Refusal.invalid("household.newHead", "the new 世帯主 must be a member who stays in the household");
        }
        requireMembers(request.relationships(), others);
        end(person, on, "HOUSEHOLD_CHANGE");
        setHead(current.get().householdId(), request.newHead());
        relationship(request.newHead(), HouseholdRequest.HEAD);
        request.relationships().forEach(member -> relationship(member.residentCode(), member.relationship().strip()));
    }

    private static void requireMembers(List<HouseholdRequest.MemberRelationship> relationships, Set<ResidentCode> members) {
        for (int i = 0; i < relationships.size(); i++) {
            if (!members.contains(relationships.get(i).residentCode())) {
                throw Refusal.invalid("household.relationships[" + i + "].residentCode",
                        "not a member who stays in the household");
            }
        }
    }

    private void join(ResidentCode person, UUID household, String relationship, LocalDate on) {
        jdbc.sql("""
                        INSERT INTO household_members (household_id, resident_code, relationship, joined_on)
                        VALUES (:id, :code, :relationship, :on)""")
                .param("id", household).param("code", person.value()).param("relationship", relationship)
                .param("on", on).update();
    }

    private void end(ResidentCode person, LocalDate on, String reason) {
        jdbc.sql("""
                        UPDATE household_members SET left_on = :on, left_reason = :reason
                        WHERE resident_code = :code AND left_on IS NULL""")
                .param("on", on).param("reason", reason).param("code", person.value()).update();
    }

    private void relationship(ResidentCode member, String relationship) {
        jdbc.sql("UPDATE household_members SET relationship = :relationship WHERE resident_code = :code AND left_on IS NULL")
                .param("relationship", relationship).param("code", member.value()).update();
    }

    private void setHead(UUID household, ResidentCode head) {
        jdbc.sql("UPDATE households SET head = :head WHERE household_id = :id")
                .param("head", head == null ? null : head.value()).param("id", household).update();
    }

    private Optional<Membership> membership(ResidentCode person) {
        return jdbc.sql("""
                        SELECT m.household_id, m.relationship, h.head = m.resident_code AS head
                        FROM household_members m JOIN households h USING (household_id)
                        WHERE m.resident_code = :code AND m.left_on IS NULL""")
                .param("code", person.value())
                .query((row, n) -> new Membership(row.getObject(1, UUID.class), row.getString(2), row.getBoolean(3)))
                .optional();
    }

    private Optional<ResidentCode> head(UUID household) {
        return jdbc.sql("SELECT head FROM households WHERE household_id = :id AND head IS NOT NULL").param("id", household)
                .query(String.class).optional().map(ResidentCode::of);
    }

    private Set<ResidentCode> members(UUID household) {
        return jdbc.sql("SELECT resident_code FROM household_members WHERE household_id = :id AND left_on IS NULL")
                .param("id", household).query(String.class).stream().map(ResidentCode::of)
                .collect(Collectors.toSet());
    }

    private void lock(UUID household) {
        lock(Stream.of(household));
    }

    /** Locks the households' rows in id order, so two changes touching the same two never deadlock. */
    private void lock(Stream<UUID> households) {
        households.filter(java.util.Objects::nonNull).distinct().sorted().forEach(id ->
                jdbc.sql("SELECT household_id FROM households WHERE household_id = :id FOR UPDATE").param("id", id)
                        .query(UUID.class).optional());
    }

    private static Refusal unknown(UUID household) {
        return Refusal.notFound("household.householdId", "no household " + household + " with members is kept here");
    }
}
