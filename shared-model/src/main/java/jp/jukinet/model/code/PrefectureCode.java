package jp.jukinet.model.code;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import jp.jukinet.model.InvalidValueException;

/**
 * A prefecture code (都道府県コード, JIS X 0401): two ASCII digits from {@code 01} (北海道) to
 * {@code 47} (沖縄県). In JSON it is a plain string such as {@code "13"}.
 *
 * @param value the two digits
 */
public record PrefectureCode(@JsonValue String value) implements Comparable<PrefectureCode> {

    /** The JSON field name used when a prefecture code is refused. */
    public static final String FIELD = "prefectureCode";

    private static final String LABEL = "都道府県コード (prefecture code)";

    /** Indexed by code − 1, in JIS X 0401 order. */
    private static final List<String> NAMES = List.of(
            "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
            "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
            "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
            "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
            "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
            "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
            "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県");

    /** Number of prefectures; codes run from 1 to this. */
    public static final int COUNT = 47;

    /**
     * @throws InvalidValueException (field {@value #FIELD}) unless {@code value} is two ASCII
     *         digits between 01 and 47
     */
    public PrefectureCode {
        CodeFormat.requireDigits(value, 2, FIELD, LABEL);
        int number = Integer.parseInt(value);
        if (number < 1 || number > COUNT) {
            throw new InvalidValueException(FIELD, LABEL + ": must be between 01 and 47, got " + value);
        }
    }

    /** Parses a prefecture code such as {@code "13"}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PrefectureCode of(String value) {
        return new PrefectureCode(value);
    }

    /** The prefecture with the given number, 1 to 47. */
    public static PrefectureCode of(int number) {
        if (number < 1 || number > COUNT) {
            throw new InvalidValueException(FIELD, LABEL + ": must be between 1 and 47, got " + number);
        }
        return new PrefectureCode(number < 10 ? "0" + number : Integer.toString(number));
    }

    /** A uniformly random prefecture, for tests and demo data. */
    public static PrefectureCode random(RandomGenerator random) {
        return of(1 + random.nextInt(COUNT));
    }

    /** All 47 prefectures in code order. */
    public static List<PrefectureCode> all() {
        return IntStream.rangeClosed(1, COUNT).mapToObj(PrefectureCode::of).toList();
    }

    /** The code as a number, 1 to 47. */
    public int number() {
        return Integer.parseInt(value);
    }

    /** The prefecture's name as written in Japanese, e.g. 東京都, 大阪府, 北海道, 神奈川県. */
    public String japaneseName() {
        return NAMES.get(number() - 1);
    }

    @Override
    public int compareTo(PrefectureCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
