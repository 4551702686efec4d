package jp.jukinet.national.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.RegistrationCheck;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * The numbering endpoints as a caller sees them through the gateway: the gateway's certificate,
 * the caller it verified in {@code X-JukiNet-Caller} (by default the prefecture server of the
 * request's municipality, as the relay would be), JSON in, status and JSON out.
 */
final class NumberingApi {

    static final String BLOCKS = "/internal/v1/numbering/resident-code-blocks";
    static final String MY_NUMBERS = "/internal/v1/numbering/my-numbers";
    static final String REGISTRATION_CHECKS = "/internal/v1/numbering/registration-checks";

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

    private final RestClient gateway;

    NumberingApi(String baseUrl) {
        this.gateway = TestPki.client(baseUrl, "gateway");
    }

    /** The prefecture server that relays for {@code municipality}. */
    static String prefectureOf(LocalGovernmentCode municipality) {
        return "pref-" + municipality.prefecture().value();
    }

    Answer post(String path, String json, String caller) {
        return gateway.post().uri(path).header(PeerIdentityFilter.CALLER_HEADER, caller)
                .contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getHeaders(),
                        response.getBody().readAllBytes()));
    }

    Answer get(String path, String caller) {
        return gateway.get().uri(path).header(PeerIdentityFilter.CALLER_HEADER, caller)
                .exchange((request, response) -> answer(response.getStatusCode().value(), response.getHeaders(),
                        response.getBody().readAllBytes()));
    }

    Answer post(String path, Object request, String caller) {
        return post(path, JukiNetJson.mapper().writeValueAsString(request), caller);
    }

    /** Posts {@code request} as the prefecture server of its municipality. */
    Answer post(String path, Object request) {
        LocalGovernmentCode municipality;
        if (request instanceof ResidentCodeBlockRequest blocks) {
            municipality = blocks.municipality();
        } else if (request instanceof MyNumberRequest numbers) {
            municipality = numbers.municipality();
        } else if (request instanceof RegistrationCheck check) {
            municipality = check.municipality();
        } else {
            throw new IllegalArgumentException("say who sends " + request);
        }
        return post(path, request, prefectureOf(municipality));
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

    /** Every code of the block, in the order the municipality gives them out. */
    static List<ResidentCode> codes(ResidentCodeBlock block) {
        return block.codes();
    }

    private static Answer answer(int status, HttpHeaders headers, byte[] body) {
        return new Answer(status, headers.getContentType(), headers.getFirst(HttpHeaders.LOCATION),
                new String(body, StandardCharsets.UTF_8));
    }
}
