package jp.jukinet.provision;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.ProvisionRecordPage;
import jp.jukinet.model.provision.ProvisionRecordView;
import jp.jukinet.service.web.Refusal;

/**
 * Disclosure of provision records (提供状況の開示, F7): a resident, identified by their own
 * certificate ({@code resident-<resident code>}), reads the records about themself for a period,
 * newest first, a page at a time. No one else reads them here.
 */
public class DiscloseProvisionRecords {

    /** The identity prefix of a resident's certificate. */
    public static final String RESIDENT_PREFIX = "resident-";

    static final int MAX_PAGE = 1000;

    private final ProvisionRecords records;
    private final ProvideIdentityInformation provision;
    private final Clock clock;
    private final ZoneId zone;
    private final int defaultPage;

    public DiscloseProvisionRecords(ProvisionRecords records, ProvideIdentityInformation provision, Clock clock,
                                    ZoneId zone, int defaultPage) {
        this.records = records;
        this.provision = provision;
        this.clock = clock;
        this.zone = zone;
        this.defaultPage = defaultPage;
    }

    /**
     * @param from   first day (Japan time), default one year before {@code to}
     * @param to     last day, inclusive (Japan time), default today
     * @param cursor the {@code next} of the previous page, or {@code null} for the newest page
     * @param limit  records per page, 1 to 1000, default from the settings
     */
    public ProvisionRecordPage about(String caller, LocalDate from, LocalDate to, String cursor, Integer limit) {
        ResidentCode resident = residentOf(caller);
        LocalDate last = to == null ? LocalDate.now(clock.withZone(zone)) : to;
        LocalDate first = from == null ? last.minusYears(1) : from;
        if (first.isAfter(last)) {
            throw Refusal.invalid("from", "from (" + first + ") is after to (" + last + ")");
        }
        int size = limit == null ? defaultPage : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw Refusal.invalid("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        long before = Long.MAX_VALUE;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                before = -1;
            }
            if (before < 1) {
                throw Refusal.invalid("cursor", "cursor must be the 'next' of a previous page");
            }
        }
        List<ProvisionRecords.Stored> page = records.about(resident, first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant(), before, size + 1);
        boolean more = page.size() > size;
        List<ProvisionRecords.Stored> shown = more ? page.subList(0, size) : page;
        return new ProvisionRecordPage(shown.stream()
                .map(stored -> new ProvisionRecordView(stored.at(), stored.recipient(), stored.basis(),
                        provision.rule(stored.basis()).map(rule -> rule.task()).orElse(null), stored.fields(),
                        stored.outcome(), stored.refusal()))
                .toList(), more ? Long.toString(shown.get(size - 1).seq()) : null);
    }

    /** The resident whose own certificate {@code caller} is; 403 (a {@link Refusal}) for any other caller. */
    public static ResidentCode residentOf(String caller) {
        if (caller == null || !caller.startsWith(RESIDENT_PREFIX)) {
            throw Refusal.forbidden("provision records are disclosed only to the resident they are about, "
                    + "identified by their own certificate");
        }
        try {
            return ResidentCode.of(caller.substring(RESIDENT_PREFIX.length()));
        } catch (InvalidValueException e) {
            throw Refusal.forbidden("the caller's certificate does not name a valid resident code");
        }
    }
}
