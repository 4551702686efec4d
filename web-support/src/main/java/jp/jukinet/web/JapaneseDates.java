package jp.jukinet.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as a counter writes them: {@code 2026-04-01} (what a date field sends), {@code 2026/4/1}, or in
 * the Japanese calendar, {@code 令和8年4月1日}, {@code 令和元年5月1日} or {@code R8.4.1} (明治 M, 大正 T, 昭和 S,
 * 平成 H, 令和 R). Full-width digits are read as digits. A date not in its era (平成32年) is refused.
 */
public final class JapaneseDates {

    private static final Pattern WESTERN = Pattern.compile("(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?");
    private static final Pattern ERA = Pattern.compile("(明治|大正|昭和|平成|令和|[MTSHR])\\s*(元|\\d{1,2})[.年/](\\d{1,2})[.月/](\\d{1,2})日?",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, JapaneseEra> ERAS = Map.of("明治", JapaneseEra.MEIJI, "M", JapaneseEra.MEIJI,
            "大正", JapaneseEra.TAISHO, "T", JapaneseEra.TAISHO, "昭和", JapaneseEra.SHOWA, "S", JapaneseEra.SHOWA,
            "平成", JapaneseEra.HEISEI, "H", JapaneseEra.HEISEI, "令和", JapaneseEra.REIWA, "R", JapaneseEra.REIWA);

    private JapaneseDates() {
    }

    /** @throws DateTimeParseException when {@code typed} is none of the forms above, or no such day */
    public static LocalDate parse(String typed) {
        String text = java.text.Normalizer.normalize(typed, java.text.Normalizer.Form.NFKC).strip();
        try {
            Matcher western = WESTERN.matcher(text);
            if (western.matches()) {
                return LocalDate.of(Integer.parseInt(western.group(1)), Integer.parseInt(western.group(2)),
                        Integer.parseInt(western.group(3)));
            }
            Matcher era = ERA.matcher(text);
            if (era.matches()) {
                JapaneseEra japaneseEra = ERAS.get(era.group(1).toUpperCase(java.util.Locale.ROOT));
                int year = era.group(2).equals("元") ? 1 : Integer.parseInt(era.group(2));
                return LocalDate.from(JapaneseDate.of(japaneseEra, year, Integer.parseInt(era.group(3)),
                        Integer.parseInt(era.group(4))));
            }
        } catch (DateTimeException e) {
            throw new DateTimeParseException("no such day: " + e.getMessage(), typed, 0);
        }
        throw new DateTimeParseException("a date is written 2026-04-01, 2026/4/1, 令和8年4月1日 or R8.4.1", typed, 0);
    }

    /** For the pages ({@code ${dates.japanese(person.dateOfBirth)}}): an ISO date as {@link #japanese(LocalDate)}. */
    public static final class Pages {

        public String japanese(Object iso) {
            if (iso == null || iso.toString().isBlank()) {
                return "";
            }
            try {
                return JapaneseDates.japanese(LocalDate.parse(iso.toString()));
            } catch (java.time.DateTimeException e) {
                return ""; // before 明治 (1873), say: the Japanese calendar has no name for it
            }
        }

        /** An ISO instant ({@code 2026-12-04T04:30:48.72Z}) as the time in Japan, {@code 令和8年12月4日 13時30分}. */
        public String japaneseTime(Object isoInstant) {
            if (isoInstant == null || isoInstant.toString().isBlank()) {
                return "";
            }
            try {
                java.time.ZonedDateTime time = java.time.Instant.parse(isoInstant.toString())
                        .atZone(java.time.ZoneId.of("Asia/Tokyo"));
                return JapaneseDates.japanese(time.toLocalDate()) + " " + time.getHour() + "時"
                        + String.format("%02d", time.getMinute()) + "分";
            } catch (java.time.DateTimeException e) {
                return isoInstant.toString();
            }
        }
    }

    /** {@code date} in the Japanese calendar, {@code 令和8年4月1日} (元年 for the first year). */
    public static String japanese(LocalDate date) {
        if (date == null) {
            return "";
        }
        JapaneseDate japanese = JapaneseDate.from(date);
        int year = japanese.get(java.time.temporal.ChronoField.YEAR_OF_ERA);
        String era = japanese.getEra().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.JAPAN);
        return era + (year == 1 ? "元" : Integer.toString(year)) + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }
}
