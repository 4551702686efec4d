package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CurlCommandTest {

    @Test
    void aRenderedCommandReadsBackAsTheSameRequest() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", "example-birth-2026-11-26");
        CurlCommand command = new CurlCommand("POST", "https://localhost:8443/api/v1/municipalities/131016/notifications",
                "var/pki/ca.crt", "var/pki/clerk-131016.crt", "var/pki/clerk-131016.key", headers,
                "{\"person\":{\"name\":{\"family\":\"住基\",\"given\":\"未来 花\"}}}");
        String text = command.render();
        assertThat(text).startsWith("curl -sS --cacert var/pki/ca.crt --cert var/pki/clerk-131016.crt")
                .doesNotContain("-X POST");
        assertThat(CurlCommand.parse(text)).isEqualTo(command);
    }

    @Test
    void aGetWithoutBodyNeedsNoMethodAndAPostWithoutBodySaysSo() {
        CurlCommand get = new CurlCommand("GET", "https://localhost:8443/x", "ca", "c", "k", Map.of(), null);
        assertThat(get.render()).doesNotContain("-X");
        assertThat(CurlCommand.parse(get.render())).isEqualTo(get);
        CurlCommand post = new CurlCommand("POST", "https://localhost:8443/x", "ca", "c", "k", Map.of(), null);
        assertThat(post.render()).contains("-X POST");
        assertThat(CurlCommand.parse(post.render())).isEqualTo(post);
    }

    @Test
    void aBodyThatTheShellQuotingCannotCarryIsRefused() {
        assertThatThrownBy(() -> new CurlCommand("POST", "u", "ca", "c", "k", Map.of(), "{\"x\":\"it's\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
