package jp.jukinet.cs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** The clerk of 千代田区 (131016) in an integration test of one CS: plain HTTP, the caller as the gateway would name it. */
public final class Clerk {

    private static final AtomicInteger PEOPLE = new AtomicInteger();

    public static final String ADDRESS = "東京都千代田区千代田1番1号";

    private final int port;

    public Clerk(int port) {
        this.port = port;
    }

    /** A client calling as {@code caller}. */
    public RestClient as(String caller) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("X-JukiNet-Caller", caller)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    public ResponseEntity<Map> notify(Map<String, Object> body) {
        return as("clerk-131016").post().uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(Map.class);
    }

    public ResponseEntity<Map> get(String path) {
        return as("clerk-131016").get().uri("/api/v1/municipalities/131016" + path).retrieve().toEntity(Map.class);
    }

    /** A person arriving from abroad at {@code address}, with optional extra fields (domicile, household). */
    public static Map<String, Object> arrival(String address, Map<String, Object> extra) {
        int n = PEOPLE.incrementAndGet();
        Map<String, Object> body = new HashMap<>(Map.of("type", "MOVE_IN_FROM_ABROAD", "effectiveDate", "2026-11-20",
                "person", Map.of("name", Map.of("family", "山田", "given", "花子" + "一二三四五六七八九十".charAt(n % 10),
                                "familyKana", "ヤマダ", "givenKana", "ハナコ"),
                        "dateOfBirth", "1980-01-01", "sex", n % 2 == 0 ? "FEMALE" : "MALE",
                        "address", Map.of("text", address))));
        body.putAll(extra);
        return body;
    }

    /** Registers {@code body} and answers the new resident's code. */
    public String registered(Map<String, Object> body) {
        ResponseEntity<Map> response = notify(body);
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) response.getBody().get("residentCode");
    }

    public static void refused(ResponseEntity<Map> response, HttpStatus status, String field) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).containsEntry("field", field);
    }
}
