package jp.jukinet.service.register;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * The consistency check (整合性確認, docs/architecture.md F8) of one municipality between two tiers:
 * top-down, the municipality's digest, then the buckets' digests, then the leaves of the differing
 * buckets only, so two tiers that agree exchange one digest. Names every resident that differs and
 * how, seen from the other tier against the authoritative one (the CS for its own residents, else the
 * tier nearer to it). It repairs nothing itself.
 */
public class ConsistencyCheck {

    /** How the other tier's record of a resident differs from the authoritative one. */
    public enum Kind {
        /** The authoritative tier holds a current record the other lacks. */
        MISSING,
        /** The other tier holds a current record the authoritative one does not. */
        EXTRA,
        /** The other tier's last change is an earlier change of the authoritative history: it lags. */
        OLDER,
        /** The authoritative last change is an earlier change of the other's history: the other is ahead. */
        NEWER,
        /** Different records neither history orders, or the same last change with another status. */
        DIFFERS
    }

    /** One resident that differs; the change ids and statuses of each side ({@code null} where it holds no record). */
    public record Discrepancy(String residentCode, Kind kind, UUID authoritativeChangeId, String authoritativeStatus,
            UUID otherChangeId, String otherStatus) {
    }

    /** The outcome for one municipality: equal, or the buckets read and the residents that differ. */
    public record Result(LocalGovernmentCode municipality, boolean equal, List<String> differingBuckets,
            List<Discrepancy> discrepancies) {
    }

    /** Compares {@code other} against {@code authoritative} for one municipality. */
    public Result compare(LocalGovernmentCode municipality, DigestSource authoritative, DigestSource other) {
        if (authoritative.summary(municipality).equals(other.summary(municipality))) {
            return new Result(municipality, true, List.of(), List.of());
        }
        Map<String, String> ours = authoritative.bucketDigests(municipality);
        Map<String, String> theirs = other.bucketDigests(municipality);
        TreeSet<String> buckets = new TreeSet<>(ours.keySet());
        buckets.addAll(theirs.keySet());
        List<String> differing = new ArrayList<>();
        List<Discrepancy> discrepancies = new ArrayList<>();
        for (String bucket : buckets) {
            if (ours.getOrDefault(bucket, DigestSource.EMPTY).equals(theirs.getOrDefault(bucket, DigestSource.EMPTY))) {
                continue;
            }
            differing.add(bucket);
            Map<String, DigestSource.Leaf> a = ours.containsKey(bucket)
                    ? authoritative.bucket(municipality, bucket) : Map.of();
            Map<String, DigestSource.Leaf> b = theirs.containsKey(bucket)
                    ? other.bucket(municipality, bucket) : Map.of();
            TreeSet<String> codes = new TreeSet<>(a.keySet());
            codes.addAll(b.keySet());
            for (String code : codes) {
                DigestSource.Leaf mine = a.get(code);
                DigestSource.Leaf yours = b.get(code);
                if (mine != null && mine.sameRecord(yours)) {
                    continue;
                }
                discrepancies.add(new Discrepancy(code, kind(mine, yours),
                        mine == null ? null : mine.lastChangeId(), mine == null ? null : mine.status(),
                        yours == null ? null : yours.lastChangeId(), yours == null ? null : yours.status()));
            }
        }
        return new Result(municipality, false, List.copyOf(differing), List.copyOf(discrepancies));
    }

    /** By the histories the leaves carry: which side's last change comes first in the other's history. */
    static Kind kind(DigestSource.Leaf mine, DigestSource.Leaf yours) {
        if (yours == null) {
            return Kind.MISSING;
        }
        if (mine == null) {
            return Kind.EXTRA;
        }
        if (mine.lastChangeId().equals(yours.lastChangeId())) {
            return Kind.DIFFERS;
        }
        List<UUID> ourHistory = mine.changeIds();
        int theirsInOurs = ourHistory.indexOf(yours.lastChangeId());
        if (theirsInOurs >= 0 && theirsInOurs < ourHistory.indexOf(mine.lastChangeId())) {
            return Kind.OLDER;
        }
        List<UUID> theirHistory = yours.changeIds();
        int oursInTheirs = theirHistory.indexOf(mine.lastChangeId());
        if (oursInTheirs >= 0 && oursInTheirs < theirHistory.indexOf(yours.lastChangeId())) {
            return Kind.NEWER;
        }
        return Kind.DIFFERS;
    }
}
