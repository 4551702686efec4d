package jp.jukinet.cs.moves;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BarcodePDF417;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfFileSpecification;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 転出証明書 of an ordinary 転出届: its contents (JSON) and the printable paper (PDF, in
 * Japanese) the person carries to the municipality they move to. The PDF carries the same contents
 * machine-readably three times over: an encoded block printed under the items (the JSON, base64url,
 * {@link #ENCODED_BLOCK_PREFIX}), a PDF417 barcode of the JSON, and the JSON as an attached file
 * ({@value #ATTACHMENT}). The Japanese text uses the standard, non-embedded CID font HeiseiKakuGo-W5
 * (UniJIS-UCS2-H), whose metrics and CMap OpenPDF carries, so no font file is needed to write it
 * and a viewer renders it with its own Japanese font.
 */
@Service
public class MoveOutCertificates {

    /** What starts the printed encoded block, before the base64url of the contents' JSON. */
    public static final String ENCODED_BLOCK_PREFIX = PaperMoveOutCertificate.ENCODED_BLOCK_PREFIX;
    /** The name of the JSON attached to the PDF. */
    public static final String ATTACHMENT = "tenshutsu-shomeisho.json";

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu年M月d日");
    private static final int BLOCK_WIDTH = 76;

    private final CsSettings settings;
    private final Moves moves;
    private final ResidentRegister register;
    private final JsonMapper json;

    MoveOutCertificates(CsSettings settings, Moves moves, ResidentRegister register, JsonMapper json) {
        this.settings = settings;
        this.moves = moves;
        this.register = register;
        this.json = json;
    }

    /**
     * The contents of the 転出証明書 of a pending ordinary move-out registered here.
     *
     * @throws Refusal 404 for an unknown move; 409 for a card-based move (its information travels over
     *                 the network, no paper is issued) or a move that is no longer pending
     */
    public PaperMoveOutCertificate contents(UUID moveId) {
        OutgoingMove move = moves.outgoing(moveId)
                .orElseThrow(() -> Refusal.notFound("moveId", "no move-out with this id was registered here"));
        if (move.cardBased()) {
            throw Refusal.conflict("moveId", "a card-based move-out (特例転出) sends the 転出証明書情報 to the "
                    + "destination over the network: no paper 転出証明書 is issued");
        }
        if (move.state() != OutgoingMove.State.PENDING) {
            throw Refusal.conflict("moveId", "the move-out is " + move.state() + ": no 転出証明書 is issued for it");
        }
        IdentityInformation removal = register.find(move.residentCode())
                .filter(found -> found.municipality().equals(settings.municipality()) && !found.active()
                        && found.change().reason() == ChangeReason.MOVE_OUT)
                .orElseThrow(() -> new IllegalStateException("a pending move-out without its removal: " + move));
        return new PaperMoveOutCertificate(move.moveId(), settings.municipality(), move.destination(),
                removal.residentCode(), removal.myNumber(), removal.name(), removal.dateOfBirth(), removal.sex(),
                removal.address(), move.plannedDate(), move.notifiedDate(), move.newAddress(),
                LocalDate.ofInstant(move.createdAt(), JAPAN));
    }

    /** The encoded block's text for {@code contents}: the prefix and the base64url (no padding) of its JSON. */
    public String encodedBlock(PaperMoveOutCertificate contents) {
        return ENCODED_BLOCK_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(contents));
    }

    /** The printable 転出証明書 (A4, Japanese), with its contents machine-readable. */
    public byte[] pdf(PaperMoveOutCertificate c) {
        byte[] contents = json.writeValueAsBytes(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 56, 56, 56, 56);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            document.addTitle("転出証明書");
            document.addCreator("Juki-Net CS " + settings.municipality().value());
            document.open();
            BaseFont gothic = BaseFont.createFont("HeiseiKakuGo-W5", "UniJIS-UCS2-H", BaseFont.NOT_EMBEDDED);
            Font title = new Font(gothic, 20, Font.NORMAL);
            Font body = new Font(gothic, 10.5f, Font.NORMAL);
            Font small = new Font(gothic, 8, Font.NORMAL);
            Font mono = new Font(Font.COURIER, 7.5f, Font.NORMAL);

            Paragraph heading = new Paragraph("転出証明書", title);
            heading.setAlignment(Element.ALIGN_CENTER);
            heading.setSpacingAfter(14);
            document.add(heading);

            PersonName name = c.name();
            PdfPTable items = new PdfPTable(new float[] {1.2f, 3f});
            items.setWidthPercentage(100);
            row(items, "氏名", name.fullName(), body);
            row(items, "フリガナ", name.fullNameKana(), body);
            if (name.formerSurname() != null) {
                row(items, "旧氏", name.formerSurname(), body);
            }
            if (name.alias() != null) {
                row(items, "通称", name.alias(), body);
            }
            row(items, "生年月日", DAY.format(c.dateOfBirth()), body);
            row(items, "性別", c.sex().japaneseLabel(), body);
            row(items, "住所", c.address().text(), body);
            row(items, "住民票コード", c.residentCode().value(), body);
            row(items, "個人番号", c.myNumber().value(), body);
            row(items, "転出先", c.newAddress().text() + "（地方公共団体コード " + c.destination().value() + "）", body);
            row(items, "転出予定年月日", DAY.format(c.plannedDate()), body);
            row(items, "届出年月日", DAY.format(c.notifiedDate()), body);
            row(items, "証明書番号", c.moveId().toString(), body);
            document.add(items);

            Paragraph attest = new Paragraph("上記のとおり転出の届出があったことを証明する。\n"
                    + DAY.format(c.issuedOn()) + "　地方公共団体コード " + c.origin().value() + " 市区町村長", body);
            attest.setSpacingBefore(12);
            attest.setSpacingAfter(12);
            document.add(attest);
            document.add(new Paragraph("転入先の市区町村に、転入届とともに提出してください。"
                    + "下の機械可読欄（二次元コード・符号化欄）は転入先での読み取りに用います。", small));

            try {
                BarcodePDF417 code = new BarcodePDF417();
                code.setOptions(BarcodePDF417.PDF417_FORCE_BINARY);
                code.setText(contents);
                Image image = code.getImage();
                image.scalePercent(100, 200);
                image.setSpacingBefore(8);
                document.add(image);
            } catch (RuntimeException tooLarge) {
                // the encoded block and the attachment below carry the contents all the same
            }

            Paragraph label = new Paragraph("機械可読欄（符号化欄）", small);
            label.setSpacingBefore(8);
            document.add(label);
            String block = encodedBlock(c);
            StringBuilder wrapped = new StringBuilder();
            for (int i = 0; i < block.length(); i += BLOCK_WIDTH) {
                wrapped.append(block, i, Math.min(block.length(), i + BLOCK_WIDTH)).append('\n');
            }
            document.add(new Paragraph(wrapped.toString(), mono));
            writer.addFileAttachment("転出証明書の内容 (JSON)", PdfFileSpecification.fileEmbedded(writer, null,
                    ATTACHMENT, contents));
            document.close();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not write the 転出証明書", e);
        }
        return out.toByteArray();
    }

    private static void row(PdfPTable table, String label, String value, Font font) {
        PdfPCell head = new PdfPCell(new Paragraph(label, font));
        head.setPadding(5);
        table.addCell(head);
        PdfPCell cell = new PdfPCell(new Paragraph(value, font));
        cell.setPadding(5);
        table.addCell(cell);
    }
}
