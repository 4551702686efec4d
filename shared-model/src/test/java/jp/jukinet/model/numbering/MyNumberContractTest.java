package jp.jukinet.model.numbering;

import static jp.jukinet.model.numbering.ResidentCodeBlockTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;

class MyNumberContractTest {

    static final UUID ID = UUID.fromString("9a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9");
    static final ResidentCode FIRST = ResidentCode.fromSerial(1_000_000_000L);
    static final ResidentCode SECOND = ResidentCode.fromSerial(1_000_000_001L);
    static final MyNumber NUMBER = MyNumber.of("123456789018");
    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");

    @Test
    void aRequestCarriesOneToOneThousandDistinctCodesAndCannotBeChangedAfterwards() {
        List<ResidentCode> codes = new ArrayList<>(List.of(FIRST, SECOND));
        MyNumberRequest request = new MyNumberRequest(ID, CHIYODA, codes, true);
        codes.clear();
        assertThat(request.residentCodes()).containsExactly(FIRST, SECOND);
        assertThatThrownBy(() -> request.residentCodes().add(FIRST)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new MyNumberRequest(ID, CHIYODA, codes(MyNumberRequest.MAX_CODES), false).residentCodes()).hasSize(1000);
    }

    @Test
    void refusesARequestWithoutIdOrWithTooFewTooManyMissingOrRepeatedCodes() {
        assertField(() -> new MyNumberRequest(null, CHIYODA, List.of(FIRST), false), "requestId");
        assertField(() -> new MyNumberRequest(ID, null, List.of(FIRST), false), "municipality");
        assertField(() -> new MyNumberRequest(ID, LocalGovernmentCode.of("130001"), List.of(FIRST), false), "municipality");
        assertField(() -> new MyNumberRequest(ID, CHIYODA, null, false), "residentCodes");
        assertField(() -> new MyNumberRequest(ID, CHIYODA, List.of(), false), "residentCodes");
        assertField(() -> new MyNumberRequest(ID, CHIYODA, codes(MyNumberRequest.MAX_CODES + 1), false), "residentCodes");
        assertField(() -> new MyNumberRequest(ID, CHIYODA, Arrays.asList(FIRST, null), false), "residentCodes[1]");
        assertField(() -> new MyNumberRequest(ID, CHIYODA, List.of(FIRST, SECOND, FIRST), false), "residentCodes[2]");
    }

    @Test
    void anAssignmentNeverPrintsItsMyNumber() {
        MyNumberAssignment assignment = new MyNumberAssignment(FIRST, NUMBER);
        assertThat(assignment.toString()).doesNotContain(NUMBER.value()).contains("************");
        assertThat(new MyNumberResponse(List.of(assignment)).toString()).doesNotContain(NUMBER.value());
        assertField(() -> new MyNumberAssignment(null, NUMBER), "residentCode");
        assertField(() -> new MyNumberAssignment(FIRST, null), "myNumber");
    }

    @Test
    void aResponseKeepsTheOrderOfTheRequest() {
        MyNumber other = MyNumber.fromData(42);
        MyNumberResponse response = new MyNumberResponse(
                List.of(new MyNumberAssignment(SECOND, other), new MyNumberAssignment(FIRST, NUMBER)));
        assertThat(response.assignments()).extracting(MyNumberAssignment::residentCode).containsExactly(SECOND, FIRST);
        assertThat(response.myNumberOf(FIRST)).contains(NUMBER);
        assertThat(response.myNumberOf(ResidentCode.fromSerial(7))).isEmpty();
        assertField(() -> new MyNumberResponse(List.of()), "assignments");
        assertField(() -> new MyNumberResponse(null), "assignments");
        assertField(() -> new MyNumberResponse(Arrays.asList(new MyNumberAssignment(FIRST, NUMBER), null)),
                "assignments[1]");
    }

    @Test
    void travelsAsJsonWithCodesAsStringsAndIgnoresUnknownFields() {
        MyNumberRequest request = new MyNumberRequest(ID, CHIYODA, List.of(FIRST, SECOND), true);
        String json = JukiNetJson.mapper().writeValueAsString(request);
        assertThat(json).isEqualTo("{\"requestId\":\"" + ID + "\",\"municipality\":\"131016\",\"residentCodes\":[\""
                + FIRST.value() + "\",\"" + SECOND.value() + "\"],\"reissue\":true}");
        assertThat(JukiNetJson.mapper().readValue(json.replace("}", ",\"reason\":\"x\"}"), MyNumberRequest.class))
                .isEqualTo(request);
        assertThat(JukiNetJson.mapper().readValue("{\"requestId\":\"" + ID + "\",\"municipality\":\"131016\","
                + "\"residentCodes\":[\"" + FIRST.value() + "\"]}", MyNumberRequest.class).reissue()).isFalse();
        // a request of the first version named no municipality: refused, naming the field
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(
                "{\"requestId\":\"" + ID + "\",\"residentCodes\":[\"" + FIRST.value() + "\"]}", MyNumberRequest.class))
                .hasRootCauseInstanceOf(InvalidValueException.class)
                .rootCause().satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("municipality"));
        assertThat(request.toString()).doesNotContain(FIRST.value()).contains("codes=2");

        MyNumberResponse response = new MyNumberResponse(List.of(new MyNumberAssignment(FIRST, NUMBER)));
        String answer = JukiNetJson.mapper().writeValueAsString(response);
        assertThat(answer).isEqualTo("{\"assignments\":[{\"residentCode\":\"" + FIRST.value()
                + "\",\"myNumber\":\"123456789018\"}]}");
        assertThat(JukiNetJson.mapper().readValue(answer.replace("}]", ",\"since\":\"2026-01-01\"}]"),
                MyNumberResponse.class)).isEqualTo(response);
    }

    private static List<ResidentCode> codes(int count) {
        return LongStream.range(0, count).mapToObj(i -> ResidentCode.fromSerial(1_000_000_000L + i)).toList();
    }
}
