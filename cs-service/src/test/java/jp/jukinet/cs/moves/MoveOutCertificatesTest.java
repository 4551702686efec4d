package jp.jukinet.cs.moves;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.PaperMoveOutCertificate;

/**
 * The printable 転出証明書 is written from the JDK and the library alone (no font file: the machine
 * that runs this may have no CJK font at all), names the standard Japanese font without embedding it,
 * and carries its contents machine-readably.
 */
class MoveOutCertificatesTest {

    private final MoveOutCertificates certificates = new MoveOutCertificates(
            new CsSettings(LocalGovernmentCode.of("131016"), 1000), null, null, JukiNetJson.mapper());

    private final PaperMoveOutCertificate paper = new PaperMoveOutCertificate(UUID.randomUUID(),
            LocalGovernmentCode.of("131016"), LocalGovernmentCode.of("271004"), ResidentCode.of("12345678903"),
            MyNumber.of("123456789018"), new PersonName("髙橋", "美咲", "タカハシ", "ミサキ", "佐藤", null),
            LocalDate.of(1988, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalDate.of(2026, 12, 5),
            LocalDate.of(2026, 12, 1), new Address("大阪府大阪市北区中之島1丁目3番20号"), LocalDate.of(2026, 12, 1));

    @Test
    void thePdfIsJapaneseWithANonEmbeddedStandardFontAndCarriesItsContents() throws Exception {
        byte[] pdf = certificates.pdf(paper);

        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.length).as("no font is embedded").isLessThan(60_000);
        try (PdfReader reader = new PdfReader(pdf)) {
            assertThat(reader.getInfo()).containsEntry("Title", "転出証明書");
            assertThat(latin1(pdf)).as("the standard Japanese font, named, not embedded").contains("/HeiseiKakuGo-W5")
                    .contains("/UniJIS-UCS2-H").doesNotContain("/FontFile");
            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            String block = text.substring(text.indexOf(MoveOutCertificates.ENCODED_BLOCK_PREFIX)
                    + MoveOutCertificates.ENCODED_BLOCK_PREFIX.length()).replaceAll("[^A-Za-z0-9_-]", "");
            assertThat(JukiNetJson.mapper().readValue(Base64.getUrlDecoder().decode(block), PaperMoveOutCertificate.class))
                    .isEqualTo(paper);
        }
        assertThat(latin1(pdf)).as("the contents attached as a file").contains(MoveOutCertificates.ATTACHMENT);
    }

    @Test
    void theEncodedBlockIsTheContentsJson() {
        String block = certificates.encodedBlock(paper);
        assertThat(block).startsWith(MoveOutCertificates.ENCODED_BLOCK_PREFIX);
        byte[] json = Base64.getUrlDecoder().decode(block.substring(MoveOutCertificates.ENCODED_BLOCK_PREFIX.length()));
        assertThat(JukiNetJson.mapper().readValue(json, PaperMoveOutCertificate.class)).isEqualTo(paper);
    }

    private static String latin1(byte[] pdf) {
        return new String(pdf, StandardCharsets.ISO_8859_1);
    }
}
