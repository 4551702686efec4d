package jp.jukinet.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.PrefectureUse;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionScope;

/** Valid random values of the model types, for tests. */
public final class TestData {

    private static final String[][] FAMILY = {
            {"山田", "ヤマダ"}, {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"髙橋", "タカハシ"},
            {"渡邊", "ワタナベ"}, {"𠮷田", "ヨシダ"}, {"SMITH", "スミス"}, {"Nguyễn", "グエン"}};
    private static final String[][] GIVEN = {
            {"花子", "ハナコ"}, {"太郎", "タロウ"}, {"ゆうき", "ユウキ"}, {"JOHN PAUL", "ジョン・ポール"},
            {"ヴィクトル", "ヴィクトル"}, {"一", "ハジメ"}};
    private static final String[] ADDRESSES = {
            "東京都千代田区千代田1番1号", "大阪府大阪市北区中之島1丁目3番20号",
            "北海道札幌市中央区北1条西2丁目", "東京都渋谷区宇田川町1番1号 渋谷マンション101号室"};

    private TestData() {
    }

    public static LocalDate date(RandomGenerator random, LocalDate from, LocalDate to) {
        return from.plusDays(random.nextLong(to.toEpochDay() - from.toEpochDay() + 1));
    }

    public static PersonName name(RandomGenerator random) {
        String[] family = FAMILY[random.nextInt(FAMILY.length)];
        String[] given = GIVEN[random.nextInt(GIVEN.length)];
        String former = null;
        String alias = null;
        switch (random.nextInt(3)) {
            case 0 -> former = FAMILY[random.nextInt(FAMILY.length)][0];
            case 1 -> alias = FAMILY[random.nextInt(FAMILY.length)][0] + given[0];
            default -> { }
        }
        return new PersonName(family[0], given[0], family[1], given[1], former, alias);
    }

    public static IdentityInformation identity(RandomGenerator random) {
        ChangeReason reason = ChangeReason.values()[random.nextInt(ChangeReason.values().length)];
        LocalDate dateOfBirth = date(random, LocalDate.of(1900, 1, 1), LocalDate.of(2026, 12, 31));
        LocalDate notified = date(random, dateOfBirth, dateOfBirth.plusYears(100));
        LocalDate effective = date(random, notified.minusDays(14), notified.plusDays(14));
        ResidentStatus status = reason.removesResident() ? ResidentStatus.REMOVED : ResidentStatus.ACTIVE;
        return new IdentityInformation(ResidentCode.random(random), MyNumber.random(random), name(random),
                dateOfBirth, random.nextBoolean() ? Sex.MALE : Sex.FEMALE,
                new Address(ADDRESSES[random.nextInt(ADDRESSES.length)]), LocalGovernmentCode.random(random),
                status, new ChangeInformation(reason, effective, notified));
    }

    public static ChangeNotice notice(RandomGenerator random) {
        IdentityInformation identity = identity(random);
        ChangeReason reason = identity.change().reason();
        ResidentCode previousCode = reason == ChangeReason.RESIDENT_CODE_CHANGE
                ? otherThan(identity.residentCode(), random) : null;
        MyNumber previousNumber = null;
        if (reason == ChangeReason.MY_NUMBER_CHANGE) {
            do {
                previousNumber = MyNumber.random(random);
            } while (previousNumber.equals(identity.myNumber()));
        }
        NodeId source = NodeId.cs(identity.municipality());
        Instant committedAt = Instant.ofEpochSecond(random.nextLong(4_000_000_000L), random.nextInt(1_000_000_000));
        return ChangeNotice.of(new UUID(random.nextLong(), random.nextLong()), source,
                1 + random.nextLong(1_000_000_000L), committedAt, identity, previousCode, previousNumber);
    }

    private static ResidentCode otherThan(ResidentCode code, RandomGenerator random) {
        ResidentCode other;
        do {
            other = ResidentCode.random(random);
        } while (other.equals(code));
        return other;
    }

    public static ProvisionRule rule(RandomGenerator random, String id) {
        ProviderTier provider = ProviderTier.values()[random.nextInt(ProviderTier.values().length)];
        String table = switch (provider) {
            case NATIONAL -> Integer.toString(1 + random.nextInt(4));
            case PREFECTURE -> random.nextBoolean() ? Integer.toString(5 + random.nextInt(2)) : null;
            case MUNICIPALITY -> null;
        };
        String article = switch (provider) {
            case NATIONAL -> "30-" + (9 + random.nextInt(4));
            case PREFECTURE -> "30-15(" + (1 + random.nextInt(2)) + ")";
            case MUNICIPALITY -> "30-14";
        };
        List<IdentityField> all = new ArrayList<>(List.of(IdentityField.values()));
        Set<IdentityField> fields = EnumSet.noneOf(IdentityField.class);
        int count = 1 + random.nextInt(all.size());
        while (fields.size() < count) {
            fields.add(all.get(random.nextInt(all.size())));
        }
        LocalDate from = date(random, LocalDate.of(2002, 8, 5), LocalDate.of(2030, 1, 1));
        LocalDate to = random.nextBoolean() ? null : date(random, from, from.plusYears(10));
        ProvisionScope scope = switch (article) {
            case "30-10" -> new ProvisionScope(PrefectureCode.random(random), ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE);
            case "30-11", "30-12" -> new ProvisionScope(PrefectureCode.random(random), ProvisionScope.NotifiedBy.OTHER_PREFECTURE);
            default -> null;
        };
        // a prefecture's own use (30-15(1)) names its item; item 1 is a task of table 5, the others of none;
        // its provision (30-15(2)) is of table 6 or an ordinance
        PrefectureUse use = null;
        if (provider == ProviderTier.PREFECTURE) {
            if (article.equals("30-15(1)")) {
                use = PrefectureUse.values()[random.nextInt(PrefectureUse.values().length)];
                table = use == PrefectureUse.ANNEX_TASK ? "5" : null;
            } else {
                table = random.nextBoolean() ? "6" : null;
            }
        }
        return new ProvisionRule(id, provider, article, table, table == null || random.nextBoolean() ? null : "3の2",
                "agency-" + random.nextInt(20), "年金給付の支給に関する事務", fields, from, to, scope, use);
    }
}
