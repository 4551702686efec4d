package jp.jukinet.national.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import tools.jackson.databind.JsonNode;

/** The numbering endpoints as a caller sees them: JSON in, status and JSON out. */
final class NumberingApi {

    static final String BLOCKS = "/internal/v1/numbering/resident-code-blocks";
    static final String MY_NUMBERS = "/internal/v1/numbering/my-numbers";

    /** What came back. */
    record Answer(int status, MediaType contentType, String location, String body) {

        <T> T as(Class<T> type) {
            return JukiNetJson.mapper().readValue(body, type);
        }

        JsonNode json() {
            return JukiNetJson.mapper().readTree(body);
        }

        /** Asserts an RFC 9457 problem with this status naming this field, and returns it. */
        JsonNode assertProblem(int expectedStatus, String field) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(contentType.toString()).isTrue();
            JsonNode problem = json();
            assertThat(problem.path("type").asString()).startsWith("urn:jukinet:problem:");
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.path("field").asString()).isEqualTo(field);
            return problem;
        }
    }

    private final RestClient client;

    /** As prefecture 13's server calls J-LIS (named in X-JukiNet-Caller: the module tests run under the development switch). */
    NumberingApi(int port) {
        this.client = RestClient.builder().baseUrl("http://localhost:" + port).defaultHeader("X-JukiNet-Caller", "pref-13")
                .build();
    }

    Answer post(String path, String json) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getHeaders(),
                        response.getBody().readAllBytes()));
    }

    Answer get(String path) {
        return client.get().uri(path)
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getHeaders(),
                        response.getBody().readAllBytes()));
    }

    Answer post(String path, Object request) {
        return post(path, JukiNetJson.mapper().writeValueAsString(request));
    }

    ResidentCodeBlock allocate(ResidentCodeBlockRequest request) {
        Answer answer = post(BLOCKS, request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.as(ResidentCodeBlock.class);
    }

    MyNumberResponse issue(MyNumberRequest request) {
        Answer answer = post(MY_NUMBERS, request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        MyNumberResponse response = answer.as(MyNumberResponse.class);
        assertThat(response.assignments()).extracting(MyNumberAssignment::residentCode)
                .containsExactlyElementsOf(request.residentCodes());
        return response;
    }

    /** Every code of the block, in serial order. */
    static List<ResidentCode> codes(ResidentCodeBlock block) {
        return IntStream.range(0, block.size()).mapToObj(block::codeAtIndex).toList();
    }

    private static Answer answer(int status, HttpHeaders headers, byte[] body) {
        return new Answer(status, headers.getContentType(), headers.getFirst(HttpHeaders.LOCATION),
                new String(body, StandardCharsets.UTF_8));
    }
}
