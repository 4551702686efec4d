package jp.jukinet.cluster;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/**
 * A synthetic population, the same for the same seed: households of one to five people sharing a
 * family name and an address inside their municipality, common Japanese names with their kana, and
 * ages drawn from Japan's age pyramid (2020 census, 5-year bands). Municipalities get people in
 * proportion to their real population, but never fewer than 5% each, so every CS has residents.
 *
 * <p>Nothing here is a real person: names and addresses are combined at random from common parts.
 */
final class Population {

    /** One synthetic resident: where they live and the 4 info a birth registration carries. */
    record Person(String municipality, int index, PersonName name, Sex sex, LocalDate dateOfBirth, Address address) {
    }

    private record Kana(String text, String kana) {
    }

    private static final List<Kana> FAMILY_NAMES = List.of(
            new Kana("佐藤", "サトウ"), new Kana("鈴木", "スズキ"), new Kana("高橋", "タカハシ"), new Kana("田中", "タナカ"),
            new Kana("伊藤", "イトウ"), new Kana("渡辺", "ワタナベ"), new Kana("山本", "ヤマモト"), new Kana("中村", "ナカムラ"),
            new Kana("小林", "コバヤシ"), new Kana("加藤", "カトウ"), new Kana("吉田", "ヨシダ"), new Kana("山田", "ヤマダ"),
            new Kana("佐々木", "ササキ"), new Kana("山口", "ヤマグチ"), new Kana("松本", "マツモト"), new Kana("井上", "イノウエ"),
            new Kana("木村", "キムラ"), new Kana("林", "ハヤシ"), new Kana("斎藤", "サイトウ"), new Kana("清水", "シミズ"),
            new Kana("山崎", "ヤマザキ"), new Kana("森", "モリ"), new Kana("池田", "イケダ"), new Kana("橋本", "ハシモト"),
            new Kana("阿部", "アベ"), new Kana("石川", "イシカワ"), new Kana("山下", "ヤマシタ"), new Kana("中島", "ナカジマ"),
            new Kana("石井", "イシイ"), new Kana("小川", "オガワ"), new Kana("前田", "マエダ"), new Kana("岡田", "オカダ"),
            new Kana("長谷川", "ハセガワ"), new Kana("藤田", "フジタ"), new Kana("後藤", "ゴトウ"), new Kana("近藤", "コンドウ"),
            new Kana("村上", "ムラカミ"), new Kana("遠藤", "エンドウ"), new Kana("青木", "アオキ"), new Kana("坂本", "サカモト"),
            new Kana("齊藤", "サイトウ"), new Kana("髙橋", "タカハシ"), new Kana("渡邉", "ワタナベ"));

    private static final List<Kana> MALE_NAMES = List.of(
            new Kana("蓮", "レン"), new Kana("湊", "ミナト"), new Kana("陽翔", "ハルト"), new Kana("蒼", "アオイ"),
            new Kana("大翔", "ヒロト"), new Kana("翔太", "ショウタ"), new Kana("拓也", "タクヤ"), new Kana("健太", "ケンタ"),
            new Kana("大輔", "ダイスケ"), new Kana("誠", "マコト"), new Kana("直樹", "ナオキ"), new Kana("浩", "ヒロシ"),
            new Kana("隆", "タカシ"), new Kana("茂", "シゲル"), new Kana("清", "キヨシ"), new Kana("博", "ヒロシ"),
            new Kana("和夫", "カズオ"), new Kana("正男", "マサオ"), new Kana("一郎", "イチロウ"), new Kana("健一", "ケンイチ"));

    private static final List<Kana> FEMALE_NAMES = List.of(
            new Kana("陽葵", "ヒマリ"), new Kana("凛", "リン"), new Kana("芽依", "メイ"), new Kana("結菜", "ユイナ"),
            new Kana("さくら", "サクラ"), new Kana("美咲", "ミサキ"), new Kana("愛", "アイ"), new Kana("陽子", "ヨウコ"),
            new Kana("恵子", "ケイコ"), new Kana("裕子", "ユウコ"), new Kana("久美子", "クミコ"), new Kana("由美", "ユミ"),
            new Kana("和子", "カズコ"), new Kana("幸子", "サチコ"), new Kana("節子", "セツコ"), new Kana("花子", "ハナコ"),
            new Kana("真由美", "マユミ"), new Kana("智子", "トモコ"), new Kana("明美", "アケミ"), new Kana("千代", "チヨ"));

    /** Real town names (町名) of each municipality; 丁目 and 番号 are added at random. */
    private static final java.util.Map<String, List<String>> TOWNS = java.util.Map.of(
            "131016", List.of("東京都千代田区千代田", "東京都千代田区丸の内", "東京都千代田区大手町", "東京都千代田区神田神保町",
                    "東京都千代田区九段南", "東京都千代田区麹町", "東京都千代田区一番町", "東京都千代田区富士見",
                    "東京都千代田区神田駿河台", "東京都千代田区外神田", "東京都千代田区岩本町", "東京都千代田区飯田橋"),
            "131130", List.of("東京都渋谷区渋谷", "東京都渋谷区道玄坂", "東京都渋谷区宇田川町", "東京都渋谷区神宮前",
                    "東京都渋谷区恵比寿", "東京都渋谷区広尾", "東京都渋谷区千駄ヶ谷", "東京都渋谷区代々木",
                    "東京都渋谷区初台", "東京都渋谷区幡ヶ谷", "東京都渋谷区笹塚", "東京都渋谷区本町", "東京都渋谷区上原"),
            "271004", List.of("大阪府大阪市北区梅田", "大阪府大阪市中央区難波", "大阪府大阪市北区天満", "大阪府大阪市天王寺区上本町",
                    "大阪府大阪市浪速区日本橋", "大阪府大阪市西区江戸堀", "大阪府大阪市都島区都島本通", "大阪府大阪市阿倍野区阿倍野筋",
                    "大阪府大阪市淀川区十三本町", "大阪府大阪市住吉区長居", "大阪府大阪市城東区蒲生", "大阪府大阪市東淀川区淡路"),
            "272035", List.of("大阪府豊中市岡町", "大阪府豊中市曽根東町", "大阪府豊中市服部元町", "大阪府豊中市庄内西町",
                    "大阪府豊中市新千里東町", "大阪府豊中市上野西", "大阪府豊中市桜の町", "大阪府豊中市本町",
                    "大阪府豊中市蛍池中町", "大阪府豊中市中桜塚"));

    /** Thousands of people per 5-year age band, 0–4 … 95–99 (2020 census, rounded). */
    private static final int[] AGE_PYRAMID = {
            4_541, 5_114, 5_376, 5_621, 6_079, 6_268, 6_719, 7_333, 8_191, 9_603,
            8_649, 7_842, 7_349, 7_667, 9_639, 8_088, 6_855, 4_986, 2_484, 708};

    /** How many households in 1,000 have 1, 2, 3, 4 and 5 members (2020 census, rounded). */
    private static final int[] HOUSEHOLD_SIZES = {380, 280, 165, 130, 45};

    /**
     * The day the population is counted on: ages are as of this day, so the same seed gives the
     * same people whenever it runs.
     */
    static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 10, 1);

    private final long seed;

    Population(long seed) {
        this.seed = seed;
    }

    /** How many of {@code total} people live in each municipality, in the order of {@link Topology#MUNICIPALITIES}. */
    static int[] shares(int total) {
        List<Topology.Municipality> municipalities = Topology.MUNICIPALITIES;
        long sum = municipalities.stream().mapToLong(Topology.Municipality::population).sum();
        int minimum = total / 20;
        int[] shares = new int[municipalities.size()];
        int assigned = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = Math.max(minimum, (int) ((long) total * municipalities.get(i).population() / sum));
            assigned += shares[i];
        }
        // the largest municipality takes (or gives back) the rounding
        int largest = 0;
        for (int i = 1; i < shares.length; i++) {
            largest = shares[i] > shares[largest] ? i : largest;
        }
        shares[largest] += total - assigned;
        return shares;
    }

    /**
     * The first {@code count} people of {@code municipality}. The people of a smaller count are the
     * first people of a larger one, so a population can grow between runs.
     */
    List<Person> people(String municipality, int count) {
        List<Person> people = new ArrayList<>(count);
        forEach(municipality, count, people::add);
        return people;
    }

    /**
     * The same people as {@link #people}, handed over one by one without holding them: a loader of
     * millions keeps one at a time.
     */
    void forEach(String municipality, int count, java.util.function.Consumer<Person> action) {
        SplittableRandom random = new SplittableRandom(seed ^ (Long.parseLong(municipality) * 0x9E3779B97F4A7C15L));
        List<String> towns = TOWNS.get(municipality);
        if (towns == null) {
            throw new IllegalArgumentException("no towns for municipality " + municipality);
        }
        int made = 0;
        while (made < count) {
            Kana family = FAMILY_NAMES.get(skewed(random, FAMILY_NAMES.size()));
            Address address = new Address(towns.get(random.nextInt(towns.size())) + (1 + random.nextInt(6)) + "丁目"
                    + (1 + random.nextInt(30)) + "番" + (1 + random.nextInt(20)) + "号");
            int size = 1 + draw(random, HOUSEHOLD_SIZES);
            int headAge = adultAge(random);
            Sex headSex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
            for (int member = 0; member < size && made < count; member++) {
                int age;
                Sex sex;
                if (member == 0) {
                    age = headAge;
                    sex = headSex;
                } else if (member == 1 && size > 1 && headAge >= 25) {
                    age = Math.max(20, headAge + random.nextInt(-5, 6));
                    sex = headSex == Sex.MALE ? Sex.FEMALE : Sex.MALE;
                } else {
                    // a child: under 25 by the pyramid, and at least 18 years younger than the head
                    age = draw(random, java.util.Arrays.copyOf(AGE_PYRAMID, 5)) * 5 + random.nextInt(5);
                    if (age > headAge - 18) {
                        age = Math.max(0, headAge - 18 - random.nextInt(12));
                    }
                    sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
                }
                Kana given = (sex == Sex.MALE ? MALE_NAMES : FEMALE_NAMES)
                        .get(random.nextInt((sex == Sex.MALE ? MALE_NAMES : FEMALE_NAMES).size()));
                LocalDate dateOfBirth = REFERENCE_DATE.minusYears(age).minusDays(random.nextInt(365));
                action.accept(new Person(municipality, made++,
                        PersonName.of(family.text(), given.text(), family.kana(), given.kana()), sex, dateOfBirth, address));
            }
        }
    }

    /** An age from the pyramid, 20 or older (a household's first member). */
    private static int adultAge(SplittableRandom random) {
        int[] adults = java.util.Arrays.copyOfRange(AGE_PYRAMID, 4, AGE_PYRAMID.length);
        return 20 + draw(random, adults) * 5 + random.nextInt(5);
    }

    /** An index drawn with the given weights. */
    private static int draw(SplittableRandom random, int[] weights) {
        int total = java.util.Arrays.stream(weights).sum();
        int point = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            point -= weights[i];
            if (point < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** An index below {@code size}, the first ones more likely (common names are common). */
    private static int skewed(SplittableRandom random, int size) {
        double u = random.nextDouble();
        return Math.min(size - 1, (int) (size * u * u));
    }
}
