package jp.jukinet.national.numbering;

import static jp.jukinet.national.numbering.NumberingApi.MY_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.national.numbering.NumberingApi.Answer;

@ExtendWith(OutputCaptureExtension.class)
class MyNumbersTest extends MtlsNumberingTest {

    @Autowired
    MyNumberDerivation derivation;

    NumberingApi api;

    /** Fresh codes, allocated to 千代田区, that have never had a My Number and that nobody holds yet. */
    List<ResidentCode> codes;

    @BeforeEach
    void allocateCodes() {
        api = api();
        codes = NumberingApi.codes(api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), CHIYODA, 1001)));
    }

    @Test
    void issuesTheKeyedDerivationOfEachCodeInRequestOrder() {
        List<ResidentCode> asked = List.of(codes.get(5), codes.get(1), codes.get(3));
        MyNumberResponse response = api.issue(request(asked, false));
        for (MyNumberAssignment assignment : response.assignments()) {
            assertThat(assignment.myNumber()).isEqualTo(derivation.derive(assignment.residentCode(), 0));
            assertThat(currentNumber(assignment.residentCode())).isEqualTo(assignment.myNumber());
        }
        assertThat(response.assignments()).extracting(MyNumberAssignment::myNumber).doesNotHaveDuplicates();
    }

    @Test
    void aCodeKeepsItsNumberUntilItIsReissued() {
        ResidentCode code = codes.get(0);
        MyNumber first = api.issue(request(List.of(code), false)).myNumberOf(code).orElseThrow();
        assertThat(api.issue(request(List.of(code, codes.get(1)), false)).myNumberOf(code)).contains(first);
        hold(code, first, CHIYODA, ResidentStatus.ACTIVE, 0);

        MyNumber second = api.issue(request(List.of(code), true)).myNumberOf(code).orElseThrow();
        assertThat(second).isNotEqualTo(first).isEqualTo(derivation.derive(code, 1));
        assertThat(api.issue(request(List.of(code), false)).myNumberOf(code)).contains(second);
        assertThat(currentNumber(code)).isEqualTo(second);
        assertThat(jdbc.sql("SELECT retired_at IS NOT NULL FROM issued_my_numbers WHERE my_number = ?")
                .param(first.value()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void everyReissueGivesANumberNeverIssuedBefore() {
        ResidentCode code = codes.get(0);
        Set<MyNumber> numbers = new HashSet<>();
        numbers.add(api.issue(request(List.of(code), false)).myNumberOf(code).orElseThrow());
        hold(code, numbers.iterator().next(), CHIYODA, ResidentStatus.ACTIVE, 0);
        for (int i = 0; i < 15; i++) {
            assertThat(numbers.add(api.issue(request(List.of(code), true)).myNumberOf(code).orElseThrow())).isTrue();
        }
        assertThat(rowsOf(code)).isEqualTo(16);
        assertThat(jdbc.sql("SELECT count(*) FROM issued_my_numbers WHERE resident_code = ? AND retired_at IS NULL")
                .param(code.value()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRetriedReissueIsAnsweredAgainWithoutChangingTheNumberTwice() {
        List<ResidentCode> asked = codes.subList(0, 3);
        MyNumberResponse original = api.issue(request(asked, false));
        asked.forEach(code -> hold(code, original.myNumberOf(code).orElseThrow(), CHIYODA, ResidentStatus.ACTIVE, 0));
        MyNumberRequest reissue = request(asked, true);
        MyNumberResponse reissued = api.issue(reissue);
        MyNumberResponse retried = api.issue(reissue);
        assertThat(retried).isEqualTo(reissued);
        for (ResidentCode code : asked) {
            assertThat(reissued.myNumberOf(code)).isNotEqualTo(original.myNumberOf(code));
            assertThat(rowsOf(code)).isEqualTo(2);
            assertThat(currentNumber(code)).isEqualTo(reissued.myNumberOf(code).orElseThrow());
        }
    }

    @Test
    void twinReissuesThatMeetAtTheCodeChangeItsNumberOnceAndAnotherReissueOnceMore() throws Exception {
        ResidentCode code = codes.get(0);
        MyNumber first = api.issue(request(List.of(code), false)).myNumberOf(code).orElseThrow();
        hold(code, first, CHIYODA, ResidentStatus.ACTIVE, 0);
        MyNumberRequest reissue = request(List.of(code), true);
        MyNumberRequest anotherReissue = request(List.of(code), true);
        MyNumberRequest plain = request(List.of(code), false);
        List<MyNumberResponse> answers = new HeldLock(transactionManager, jdbc).race(
                "SELECT 1 FROM issued_my_numbers WHERE my_number = ? FOR UPDATE", first.value(),
                List.of(() -> api.issue(reissue), () -> api.issue(reissue), () -> api.issue(anotherReissue),
                        () -> api.issue(plain)));
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        MyNumber reissued = answers.get(0).myNumberOf(code).orElseThrow();
        MyNumber reissuedAgain = answers.get(2).myNumberOf(code).orElseThrow();
        assertThat(Set.of(first, reissued, reissuedAgain)).hasSize(3);
        assertThat(rowsOf(code)).isEqualTo(3);
        // The plain request answers with whichever number was current when its turn came.
        assertThat(answers.get(3).myNumberOf(code).orElseThrow()).isIn(first, reissued, reissuedAgain);
        assertThat(currentNumber(code)).isIn(reissued, reissuedAgain);
    }

    @Test
    void twinFirstRequestsForNewCodesIssueOneNumberEach() throws Exception {
        List<ResidentCode> asked = codes.subList(10, 20);
        List<ResidentCode> reversed = new ArrayList<>(asked);
        Collections.reverse(reversed);
        MyNumberRequest twin = request(asked, false);
        MyNumberRequest other = request(reversed, false);
        // The requests meet where they insert the first code's number: the test inserted it first.
        List<MyNumberResponse> answers = new HeldLock(transactionManager, jdbc).race(
                jdbc -> jdbc.sql("INSERT INTO issued_my_numbers (my_number, resident_code, derivation_counter, issued_at)"
                        + " VALUES (?, ?, 0, now())").params(derivation.derive(asked.get(0), 0).value(),
                                ResidentCode.fromSerial(43).value()).update(),
                List.of(() -> api.issue(twin), () -> api.issue(twin), () -> api.issue(other)));
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        for (ResidentCode code : asked) {
            assertThat(answers.get(2).myNumberOf(code)).isEqualTo(answers.get(0).myNumberOf(code));
            assertThat(answers.get(0).myNumberOf(code)).contains(derivation.derive(code, 0));
            assertThat(rowsOf(code)).isEqualTo(1);
        }
    }

    @Test
    void aRequestIdReusedForOtherCodesOrForAReissueIsAConflict() {
        MyNumberRequest request = request(codes.subList(0, 2), false);
        api.issue(request);
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), CHIYODA, codes.subList(0, 3), false))
                .assertProblem(409, "requestId");
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), CHIYODA, List.of(codes.get(1), codes.get(0)), false))
                .assertProblem(409, "requestId");
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), CHIYODA, codes.subList(0, 2), true))
                .assertProblem(409, "requestId");
        assertThat(rowsOf(codes.get(2))).isZero();
    }

    @Test
    void aNumberIssuedBeforeToAnotherCodeMakesTheDerivationMoveToTheNextCounter() {
        ResidentCode code = codes.get(0);
        MyNumber taken = derivation.derive(code, 0);
        // Simulate a collision: the number derived for this code was issued, and retired, for another code.
        jdbc.sql("""
                INSERT INTO issued_my_numbers (my_number, resident_code, derivation_counter, issued_at, retired_at)
                VALUES (?, ?, 0, now(), now())""")
                .params(taken.value(), ResidentCode.fromSerial(42).value()).update();
        MyNumber issued = api.issue(request(List.of(code), false)).myNumberOf(code).orElseThrow();
        assertThat(issued).isNotEqualTo(taken).isEqualTo(derivation.derive(code, 1));
        assertThat(jdbc.sql("SELECT derivation_counter FROM issued_my_numbers WHERE my_number = ?")
                .param(issued.value()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void answersAThousandCodesInOneRequest() {
        List<ResidentCode> asked = codes.subList(0, MyNumberRequest.MAX_CODES);
        MyNumberResponse response = api.issue(request(asked, false));
        assertThat(response.assignments()).hasSize(1000);
        assertThat(response.assignments()).extracting(MyNumberAssignment::myNumber).doesNotHaveDuplicates();
    }

    @Test
    void refusesMalformedRequestsNamingTheFieldAndIssuesNothing() {
        String id = "\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131016\"";
        api.post(MY_NUMBERS, "{" + id + ",\"residentCodes\":[]}", "pref-13").assertProblem(400, "residentCodes");
        api.post(MY_NUMBERS, "{" + id + "}", "pref-13").assertProblem(400, "residentCodes");
        api.post(MY_NUMBERS, "{" + id + ",\"residentCodes\":" + json(codes.subList(0, 1001)) + "}", "pref-13")
                .assertProblem(400, "residentCodes");
        api.post(MY_NUMBERS, "{" + id + ",\"residentCodes\":" + json(List.of(codes.get(0), codes.get(1), codes.get(0)))
                + "}", "pref-13").assertProblem(400, "residentCodes[2]");
        api.post(MY_NUMBERS, "{\"municipality\":\"131016\",\"residentCodes\":" + json(codes.subList(0, 1)) + "}", "pref-13")
                .assertProblem(400, "requestId");
        // a request of the first version named no municipality
        api.post(MY_NUMBERS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"residentCodes\":" + json(codes.subList(0, 1))
                + "}", "pref-13").assertProblem(400, "municipality");
        String wrongCheckDigit = codes.get(1).value().substring(0, 10) + ((codes.get(1).value().charAt(10) - '0' + 1) % 10);
        Answer badCode = api.post(MY_NUMBERS,
                "{" + id + ",\"residentCodes\":[\"" + codes.get(0).value() + "\",\"" + wrongCheckDigit + "\"]}", "pref-13");
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.json().path("field").asString()).startsWith("residentCodes[1]");
        assertThat(badCode.body()).doesNotContain(wrongCheckDigit);
        assertThat(rowsOf(codes.get(0))).isZero();
    }

    @Test
    void aCodeNeverAllocatedToAMunicipalityGetsNoNumber() {
        ResidentCode unallocated = ResidentCode.fromSerial(9_999_999_998L);
        double refusedBefore = refused("never-allocated");
        MyNumberRequest request = request(List.of(codes.get(0), unallocated), false);
        api.post(MY_NUMBERS, request).assertProblem(403, "residentCodes[1]");
        assertThat(rowsOf(codes.get(0))).isZero();
        assertThat(rowsOf(unallocated)).isZero();
        assertThat(recorded(request.requestId())).isFalse();
        assertThat(refused("never-allocated")).isEqualTo(refusedBefore + 1);
    }

    // Attack 1 of issue #12: a municipality (one compromised CS) asks for the My Number of anyone in the country.

    @Test
    void aMunicipalityGetsNoMyNumberOfAResidentAnotherMunicipalityHoldsNorReissuesIt(CapturedOutput output) {
        ResidentCode osakan = api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 1)).codes().get(0);
        MyNumber number = api.issue(request(OSAKA, List.of(osakan), false)).myNumberOf(osakan).orElseThrow();
        hold(osakan, number, OSAKA, ResidentStatus.ACTIVE, 0);
        double refusedBefore = refused("held-elsewhere");

        // 千代田区 names itself, as its prefecture server verified it, and asks for the 大阪市 resident
        MyNumberRequest ask = request(CHIYODA, List.of(codes.get(0), osakan), false);
        api.post(MY_NUMBERS, ask).assertProblem(403, "residentCodes[1]");
        MyNumberRequest reissue = request(CHIYODA, List.of(osakan), true);
        Answer refusedReissue = api.post(MY_NUMBERS, reissue);
        refusedReissue.assertProblem(403, "residentCodes[0]");

        assertThat(refusedReissue.body()).doesNotContain(osakan.value()).doesNotContain(number.value());
        assertThat(currentNumber(osakan)).isEqualTo(number);
        assertThat(rowsOf(osakan)).isOne();
        assertThat(rowsOf(codes.get(0))).as("nothing of a refused request is issued").isZero();
        assertThat(recorded(ask.requestId())).isFalse();
        assertThat(recorded(reissue.requestId())).isFalse();
        assertThat(refused("held-elsewhere")).isEqualTo(refusedBefore + 2);
        assertThat(output.getAll()).contains("residentCodes[1] held-elsewhere").doesNotContain(osakan.value());

        // 大阪市 itself still gets and changes the number
        assertThat(api.issue(request(OSAKA, List.of(osakan), false)).myNumberOf(osakan)).contains(number);
        assertThat(api.issue(request(OSAKA, List.of(osakan), true)).myNumberOf(osakan).orElseThrow()).isNotEqualTo(number);
    }

    @Test
    void aMunicipalityGetsNoMyNumberOfACodeAllocatedToAnotherThatNobodyHoldsYet() {
        ResidentCode newborn = api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), SHIBUYA, 1)).codes().get(0);
        double refusedBefore = refused("allocated-elsewhere");
        api.post(MY_NUMBERS, request(CHIYODA, List.of(newborn), false)).assertProblem(403, "residentCodes[0]");
        assertThat(rowsOf(newborn)).isZero();
        assertThat(refused("allocated-elsewhere")).isEqualTo(refusedBefore + 1);
        // 渋谷区 numbers its own newborn before the birth's notice reaches J-LIS
        assertThat(api.issue(request(SHIBUYA, List.of(newborn), false)).myNumberOf(newborn)).isPresent();
    }

    @Test
    void aPrefectureServerAsksOnlyForTheMunicipalitiesOfItsPrefecture() {
        ResidentCode osakan = api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 1)).codes().get(0);
        double refusedBefore = refused("caller");
        // 東京都's server names 大阪市 as the requester
        api.post(MY_NUMBERS, request(OSAKA, List.of(osakan), false), "pref-13").assertProblem(403, "municipality");
        // a CS that reached J-LIS through the gateway without its prefecture
        api.post(MY_NUMBERS, request(OSAKA, List.of(osakan), false), "cs-271004").assertProblem(403, "municipality");
        api.post(NumberingApi.REGISTRATION_CHECKS, """
                {"municipality":"271004","name":{"family":"山田","given":"花子","familyKana":"ヤマダ","givenKana":"ハナコ"},
                 "dateOfBirth":"1990-01-01","sex":"FEMALE"}""", "pref-13").assertProblem(403, "municipality");
        assertThat(rowsOf(osakan)).isZero();
        assertThat(refused("caller")).isEqualTo(refusedBefore + 3);
        assertThat(api.post(NumberingApi.REGISTRATION_CHECKS, """
                {"municipality":"271004","name":{"family":"山田","given":"花子","familyKana":"ヤマダ","givenKana":"ハナコ"},
                 "dateOfBirth":"1990-01-01","sex":"FEMALE"}""", "pref-27").status()).isEqualTo(200);
    }

    @Test
    void aReissueNeedsThePersonHeldInForceByTheRequestingMunicipality() {
        ResidentCode code = codes.get(0);
        MyNumber first = api.issue(request(List.of(code), false)).myNumberOf(code).orElseThrow();
        // allocated to 千代田区, numbered, but its registration has not reached J-LIS: no reissue yet
        api.post(MY_NUMBERS, request(List.of(code), true)).assertProblem(403, "residentCodes[0]");
        hold(code, first, CHIYODA, ResidentStatus.REMOVED, 0);
        api.post(MY_NUMBERS, request(List.of(code), true)).assertProblem(403, "residentCodes[0]");
        assertThat(currentNumber(code)).isEqualTo(first);
        // a removed record's municipality still gets the number it has
        assertThat(api.issue(request(List.of(code), false)).myNumberOf(code)).contains(first);

        ResidentCode other = codes.get(1);
        MyNumber before = api.issue(request(List.of(other), false)).myNumberOf(other).orElseThrow();
        hold(other, before, CHIYODA, ResidentStatus.ACTIVE, 0);
        assertThat(api.issue(request(List.of(other), true)).myNumberOf(other).orElseThrow()).isNotEqualTo(before);
    }

    @Test
    void aPersonWhoMovedInIsRenumberedAtTheNewMunicipalityAndNoLongerAtTheOld() {
        ResidentCode mover = api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 1)).codes().get(0);
        MyNumber number = api.issue(request(OSAKA, List.of(mover), false)).myNumberOf(mover).orElseThrow();
        hold(mover, number, OSAKA, ResidentStatus.ACTIVE, 0);
        // the move-in at 千代田区 reached J-LIS: a newer residence
        hold(mover, number, CHIYODA, ResidentStatus.ACTIVE, 1);

        api.post(MY_NUMBERS, request(OSAKA, List.of(mover), false)).assertProblem(403, "residentCodes[0]");
        api.post(MY_NUMBERS, request(OSAKA, List.of(mover), true)).assertProblem(403, "residentCodes[0]");
        assertThat(api.issue(request(CHIYODA, List.of(mover), false)).myNumberOf(mover)).contains(number);
        MyNumber renumbered = api.issue(request(CHIYODA, List.of(mover), true)).myNumberOf(mover).orElseThrow();
        assertThat(renumbered).isNotEqualTo(number);
        assertThat(currentNumber(mover)).isEqualTo(renumbered);
    }

    @Test
    void aRetryIsAnsweredOnlyToTheMunicipalityThatAsked() {
        MyNumberRequest request = request(codes.subList(0, 2), false);
        MyNumberResponse answer = api.issue(request);
        double refusedBefore = refused("request-id-of-another-municipality");
        // 渋谷区 (same prefecture) replays 千代田区's request id
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), SHIBUYA, request.residentCodes(), false))
                .assertProblem(403, "requestId");
        assertThat(refused("request-id-of-another-municipality")).isEqualTo(refusedBefore + 1);
        assertThat(api.issue(request)).isEqualTo(answer);
    }

    @Test
    void aRequestAnsweredBeforeRequestsNamedTheirMunicipalityIsAnsweredAgainOnlyToTheOwner() {
        MyNumberRequest request = request(codes.subList(0, 1), false);
        MyNumberResponse answer = api.issue(request);
        jdbc.sql("UPDATE my_number_requests SET municipality = NULL WHERE request_id = ?").param(request.requestId()).update();
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), SHIBUYA, request.residentCodes(), false))
                .assertProblem(403, "residentCodes[0]");
        assertThat(api.issue(request)).isEqualTo(answer);
    }

    @Test
    void aResidentCodeReplacedByAChangeOfResidentCodeGetsNoNumber() {
        ResidentCode old = codes.get(0);
        api.issue(request(List.of(old), false));
        jdbc.sql("INSERT INTO retired_resident_codes (retired_code, current_code, retired_at) VALUES (?, ?, now())")
                .params(old.value(), codes.get(1).value()).update();
        api.post(MY_NUMBERS, request(List.of(old), false)).assertProblem(403, "residentCodes[0]");
    }

    private static MyNumberRequest request(List<ResidentCode> codes, boolean reissue) {
        return request(CHIYODA, codes, reissue);
    }

    private static MyNumberRequest request(LocalGovernmentCode municipality, List<ResidentCode> codes, boolean reissue) {
        return new MyNumberRequest(UUID.randomUUID(), municipality, new ArrayList<>(codes), reissue);
    }

    private static String json(List<ResidentCode> codes) {
        return codes.stream().map(code -> "\"" + code.value() + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
