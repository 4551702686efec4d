package jp.jukinet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.api.Test;

class JapaneseDatesTest {

    @Test
    void readsTheFormsACounterWrites() {
        LocalDate day = LocalDate.of(2026, 4, 1);
        assertThat(JapaneseDates.parse("2026-04-01")).isEqualTo(day);
        assertThat(JapaneseDates.parse("2026/4/1")).isEqualTo(day);
        assertThat(JapaneseDates.parse("２０２６年４月１日")).isEqualTo(day);
        assertThat(JapaneseDates.parse("令和8年4月1日")).isEqualTo(day);
        assertThat(JapaneseDates.parse("R8.4.1")).isEqualTo(day);
        assertThat(JapaneseDates.parse("r8.4.1")).isEqualTo(day);
        assertThat(JapaneseDates.parse("令和元年5月1日")).isEqualTo(LocalDate.of(2019, 5, 1));
        assertThat(JapaneseDates.parse("H31.4.30")).isEqualTo(LocalDate.of(2019, 4, 30));
        assertThat(JapaneseDates.parse("昭和64年1月7日")).isEqualTo(LocalDate.of(1989, 1, 7));
    }

    @Test
    void refusesWhatIsNoDay() {
        assertThatThrownBy(() -> JapaneseDates.parse("2026-02-30")).isInstanceOf(DateTimeParseException.class);
        // 平成 ended on 2019-04-30
        assertThatThrownBy(() -> JapaneseDates.parse("平成31年5月1日")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> JapaneseDates.parse("yesterday")).isInstanceOf(DateTimeParseException.class)
                .hasMessageContaining("令和8年4月1日");
    }

    @Test
    void writesTheJapaneseCalendarWithItsFirstYear() {
        assertThat(JapaneseDates.japanese(LocalDate.of(2019, 5, 1))).isEqualTo("令和元年5月1日");
        assertThat(JapaneseDates.japanese(LocalDate.of(2026, 4, 1))).isEqualTo("令和8年4月1日");
        assertThat(new JapaneseDates.Pages().japanese("1989-01-08")).isEqualTo("平成元年1月8日");
        assertThat(new JapaneseDates.Pages().japanese("1850-01-01")).isEmpty();
    }

    @Test
    void writesAnInstantAsTheTimeInJapan() {
        // 15:05 UTC on the last day of 令和7 is 00:05 on New Year's Day in Japan
        assertThat(new JapaneseDates.Pages().japaneseTime("2025-12-31T15:05:48.724591137Z")).isEqualTo("令和8年1月1日 0時05分");
        assertThat(new JapaneseDates.Pages().japaneseTime(null)).isEmpty();
    }
}
