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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.national.numbering.NumberingApi.Answer;
import jp.jukinet.testsupport.ServiceIntegrationTest;

@ServiceIntegrationTest
class MyNumbersTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MyNumberDerivation derivation;

    @Autowired
    PlatformTransactionManager transactionManager;

    NumberingApi api;

    /** Fresh codes, allocated to 千代田区, that have never had a My Number. */
    List<ResidentCode> codes;

    @BeforeEach
    void allocateCodes() {
        api = new NumberingApi(port);
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
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), codes.subList(0, 3), false))
                .assertProblem(409, "requestId");
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), List.of(codes.get(1), codes.get(0)), false))
                .assertProblem(409, "requestId");
        api.post(MY_NUMBERS, new MyNumberRequest(request.requestId(), codes.subList(0, 2), true))
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
        String id = "\"requestId\":\"" + UUID.randomUUID() + "\"";
        api.post(MY_NUMBERS, "{" + id + ",\"residentCodes\":[]}").assertProblem(400, "residentCodes");
        api.post(MY_NUMBERS, "{" + id + "}").assertProblem(400, "residentCodes");
        api.post(MY_NUMBERS, "{" + id + ",\"residentCodes\":" + json(codes.subList(0, 1001)) + "}")
                .assertProblem(400, "residentCodes");
        api.post(MY_NUMBERS, "{" + id + ",\"residentCodes\":" + json(List.of(codes.get(0), codes.get(1), codes.get(0)))
                + "}").assertProblem(400, "residentCodes[2]");
        api.post(MY_NUMBERS, "{\"residentCodes\":" + json(codes.subList(0, 1)) + "}").assertProblem(400, "requestId");
        String wrongCheckDigit = codes.get(1).value().substring(0, 10) + ((codes.get(1).value().charAt(10) - '0' + 1) % 10);
        Answer badCode = api.post(MY_NUMBERS,
                "{" + id + ",\"residentCodes\":[\"" + codes.get(0).value() + "\",\"" + wrongCheckDigit + "\"]}");
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.json().path("field").asString()).startsWith("residentCodes[1]");
        assertThat(badCode.body()).doesNotContain(wrongCheckDigit);
        assertThat(rowsOf(codes.get(0))).isZero();
    }

    @Test
    void aCodeNeverAllocatedToAMunicipalityGetsNoNumber() {
        ResidentCode unallocated = ResidentCode.fromSerial(9_999_999_998L);
        api.post(MY_NUMBERS, request(List.of(codes.get(0), unallocated), false)).assertProblem(409, "residentCodes[1]");
        assertThat(rowsOf(codes.get(0))).isZero();
        assertThat(rowsOf(unallocated)).isZero();
    }

    private static MyNumberRequest request(List<ResidentCode> codes, boolean reissue) {
        return new MyNumberRequest(UUID.randomUUID(), new ArrayList<>(codes), reissue);
    }

    private static String json(List<ResidentCode> codes) {
        return codes.stream().map(code -> "\"" + code.value() + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private MyNumber currentNumber(ResidentCode code) {
        return MyNumber.of(jdbc.sql("SELECT my_number FROM issued_my_numbers WHERE resident_code = ? AND retired_at IS NULL")
                .param(code.value()).query(String.class).single());
    }

    private long rowsOf(ResidentCode code) {
        return jdbc.sql("SELECT count(*) FROM issued_my_numbers WHERE resident_code = ?")
                .param(code.value()).query(Long.class).single();
    }
}
