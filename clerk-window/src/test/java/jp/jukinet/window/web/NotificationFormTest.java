package jp.jukinet.window.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.move.PaperMoveOutCertificate;

/** The form's checks, before anything goes to the CS: the same value types as the CS's. */
class NotificationFormTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    private static NotificationForm birth(String familyKana) {
        return new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", null, "山田", "花子", familyKana, "ハナコ",
                "令和8年12月1日", "FEMALE", "東京都千代田区千代田1-1", null, null, null, null, null, null, null, null, null,
                null, null, "2026-12-01", null);
    }

    @Test
    void aCompleteBirthBecomesTheCsBody() {
        NotificationForm.Checked checked = birth("ヤマダ").check(Todoke.BIRTH, TODAY);

        assertThat(checked.ok()).isTrue();
        assertThat(checked.body().path("type").asString()).isEqualTo("BIRTH");
        assertThat(checked.body().path("person").path("name").path("familyKana").asString()).isEqualTo("ヤマダ");
        assertThat(checked.body().path("person").path("dateOfBirth").asString()).isEqualTo("2026-12-01");
        assertThat(checked.body().path("person").path("address").path("text").asString()).isEqualTo("東京都千代田区千代田1-1");
        // 届出年月日 left empty: today, in Japan
        assertThat(checked.body().path("notifiedDate").asString()).isEqualTo("2026-12-03");
        assertThat(checked.body().has("residentCode")).isFalse();
    }

    @Test
    void aReadingInHiraganaIsTheReadingsProblemAndNothingTypedIsLost() {
        NotificationForm typed = birth("やまだ");

        NotificationForm.Checked checked = typed.check(Todoke.BIRTH, TODAY);

        assertThat(checked.ok()).isFalse();
        assertThat(checked.body()).isNull();
        assertThat(checked.problems().of("familyKana")).singleElement()
                .satisfies(problem -> assertThat(problem.messageKey()).isEqualTo("invalid.familyKana"));
        assertThat(checked.problems().firstField()).isEqualTo("familyKana");
        assertThat(typed.typed()).containsEntry("familyKana", "やまだ").containsEntry("family", "山田")
                .containsEntry("address", "東京都千代田区千代田1-1");
    }

    @Test
    void aWrongCheckDigitIsTheResidentCodesProblem() {
        String valid = ResidentCode.random(new Random(7)).value();
        String wrong = valid.substring(0, 10) + (char) ('0' + (valid.charAt(10) - '0' + 1) % 10);
        NotificationForm form = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", wrong, null, null, null, null,
                null, null, "東京都千代田区千代田2-2", null, null, null, null, null, null, null, null, null, null, null,
                "2026-12-01", null);

        NotificationForm.Checked checked = form.check(Todoke.MOVE_WITHIN, TODAY);

        assertThat(checked.problems().of("residentCode")).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.messageKey()).isEqualTo("invalid.residentCode");
                    assertThat(problem.detail()).contains("check digit");
                });
        assertThat(checked.problems().has("address")).isFalse();
    }

    @Test
    void aCardBasedMoveOutSaysSoAndACardBasedMoveInNeedsTheCard() {
        String code = ResidentCode.random(new Random(8)).value();
        NotificationForm out = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", code, null, null, null, null,
                null, null, null, "271004", "大阪府大阪市北区中之島1-3-20", null, null, null, null, null, null, null, null,
                null, "2026-12-10", null);
        assertThat(out.check(Todoke.MOVE_OUT_CARD, TODAY).body().path("cardBased").asBoolean()).isTrue();
        assertThat(out.check(Todoke.MOVE_OUT, TODAY).body().path("cardBased").asBoolean()).isFalse();
        assertThat(out.check(Todoke.MOVE_OUT, TODAY).body().path("destination").path("municipality").asString())
                .isEqualTo("271004");

        NotificationForm in = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", code, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, "2026-12-10", null);
        assertThat(in.check(Todoke.MOVE_IN_CARD, TODAY).problems().of("cardPresented")).singleElement()
                .satisfies(problem -> assertThat(problem.messageKey()).isEqualTo("required.cardPresented"));
    }

    @Test
    void theCertificatesBlockIsReadAcrossItsPrintedLines() {
        String json = """
                {"moveId":"0b9d2f43-3c41-4a63-a2a8-64a7a0e0d6c2","origin":"131016","destination":"271004",
                 "residentCode":"%s","myNumber":"%s","name":{"family":"山田","given":"花子","familyKana":"ヤマダ",
                 "givenKana":"ハナコ"},"dateOfBirth":"1990-01-01","sex":"FEMALE","address":{"text":"東京都千代田区"},
                 "plannedDate":"2026-12-10","notifiedDate":"2026-12-03","newAddress":{"text":"大阪府大阪市"},
                 "issuedOn":"2026-12-03"}""".formatted(ResidentCode.random(new Random(9)).value(),
                jp.jukinet.model.code.MyNumber.random(new Random(9)).value());
        String block = PaperMoveOutCertificate.ENCODED_BLOCK_PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        StringBuilder printed = new StringBuilder();
        for (int at = 0; at < block.length(); at += 76) {
            printed.append(block, at, Math.min(block.length(), at + 76)).append("\r\n");
        }
        NotificationForm form = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", null, null, null, null, null,
                null, null, null, null, null, null, printed.toString(), null, null, null, null, null, null, null,
                "2026-12-10", null);

        NotificationForm.Checked checked = form.check(Todoke.MOVE_IN, TODAY);

        assertThat(checked.ok()).isTrue();
        assertThat(checked.body().path("moveOutCertificate").path("origin").asString()).isEqualTo("131016");
        assertThat(checked.body().path("type").asString()).isEqualTo("MOVE_IN");

        NotificationForm cut = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", null, null, null, null, null,
                null, null, null, null, null, null, printed.substring(0, 90), null, null, null, null, null, null, null,
                "2026-12-10", null);
        assertThat(cut.check(Todoke.MOVE_IN, TODAY).problems().of("certificateBlock")).singleElement()
                .satisfies(problem -> assertThat(problem.messageKey()).isEqualTo("invalid.certificateBlock"));
    }

    @Test
    void theCsFieldsLandOnTheFormFieldsThatCarryThem() {
        assertThat(NotificationForm.formField("person.name.familyKana")).isEqualTo("familyKana");
        assertThat(NotificationForm.formField("person.address.text")).isEqualTo("address");
        assertThat(NotificationForm.formField("moveOutCertificate.name")).isEqualTo("certificateBlock");
        assertThat(NotificationForm.formField("destination.address.text")).isEqualTo("destinationAddress");
        assertThat(NotificationForm.formField("household.relationships[0]")).isEqualTo("householdAction");
        assertThat(NotificationForm.formField("somethingElse")).isEqualTo(FieldProblems.FORM);
        assertThat(NotificationForm.formField(null)).isEqualTo(FieldProblems.FORM);
    }

    @Test
    void aCorrectionNeedsSomethingToCorrect() {
        String code = ResidentCode.random(new Random(10)).value();
        NotificationForm nothing = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", code, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "2026-12-01", null);
        assertThat(nothing.check(Todoke.CORRECTION, TODAY).problems().has("corrected")).isTrue();

        NotificationForm sexOnly = new NotificationForm("3f1c0c4e-2b7a-4c39-9d0e-6a4f1d2b8c11", code, null, null, null,
                null, null, "MALE", null, null, null, null, null, null, null, null, null, null, null, null, "2026-12-01", null);
        NotificationForm.Checked checked = sexOnly.check(Todoke.CORRECTION, TODAY);
        assertThat(checked.ok()).isTrue();
        assertThat(checked.body().path("person").size()).isEqualTo(1);
        assertThat(checked.body().path("person").path("sex").asString()).isEqualTo("MALE");
    }
}
