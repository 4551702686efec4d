package jp.jukinet.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.ProvisionRecordView;

class ProvisionRecordsCsvTest {

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("portal/messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @Test
    void aRecordIsOneRowInWordsInJapanTimeAfterAByteOrderMark() {
        ProvisionRecordView record = new ProvisionRecordView(Instant.parse("2026-12-03T01:02:03Z"), "agency-nenkin",
                "jlis-30-9-nenkin-1", "国民年金等の被保険者等の異動情報の確認, 毎月", Set.of(IdentityField.ADDRESS, IdentityField.NAME),
                ProvisionOutcome.PROVIDED, null);

        String csv = ProvisionRecordsCsv.write(List.of(record), messages(), Locale.JAPANESE);

        assertThat(csv).startsWith("\uFEFF日時,提供先,");
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().toList().get(1)).isEqualTo("2026-12-03 10:02:03,日本年金機構,agency-nenkin,jlis-30-9-nenkin-1,"
                + "\"国民年金等の被保険者等の異動情報の確認, 毎月\",氏名、住所,提供");
        assertThat(csv).contains("\r\n");
    }

    @Test
    void aCellThatLooksLikeAFormulaIsDefused() {
        assertThat(ProvisionRecordsCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ProvisionRecordsCsv.cell("+1")).isEqualTo("'+1");
        assertThat(ProvisionRecordsCsv.cell("plain")).isEqualTo("plain");
        assertThat(ProvisionRecordsCsv.cell(null)).isEmpty();
    }
}
