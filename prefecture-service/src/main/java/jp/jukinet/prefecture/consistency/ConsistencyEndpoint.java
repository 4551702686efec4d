package jp.jukinet.prefecture.consistency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * The operator's consistency check (整合性確認, docs/architecture.md F8) at a prefecture server. Like
 * every actuator endpoint but health, only an operator certificate ({@code operator-*}) on a direct
 * connection reaches it ({@link PeerIdentityFilter}); the gateway routes no actuator of a node.
 * <ul>
 *   <li>{@code GET /actuator/consistency}: this prefecture's municipalities and the last report of
 *       each checked since the server started.</li>
 *   <li>{@code POST /actuator/consistency/{municipality}/check}: checks it now against its CS and
 *       J-LIS; {@code …/repair} checks and has the CS send its records of every resident that differs
 *       again (RESYNC). {@code all} for every municipality of this prefecture. The report names each
 *       differing resident (the resident code, the change ids and statuses of both sides) and how.</li>
 * </ul>
 * 400 (field {@code municipality} or {@code action}) for anything else; 502 when a peer cannot be
 * read.
 */
@Component
@Endpoint(id = "consistency")
public class ConsistencyEndpoint {

    private final ConsistencyChecks checks;

    public ConsistencyEndpoint(ConsistencyChecks checks) {
        this.checks = checks;
    }

    @ReadOperation
    public Map<String, Object> reports() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("municipalities", checks.municipalities().stream().map(LocalGovernmentCode::value).toList());
        answer.put("reports", checks.lastReports());
        return answer;
    }

    @WriteOperation
    public WebEndpointResponse<Object> run(@Selector String municipality, @Selector String action) {
        if (!action.equals("check") && !action.equals("repair")) {
            return invalid("action", "check or repair");
        }
        List<LocalGovernmentCode> which;
        if (municipality.equals("all")) {
            which = checks.municipalities();
        } else {
            try {
                LocalGovernmentCode code = LocalGovernmentCode.of(municipality);
                if (!code.prefecture().equals(checks.prefecture())) {
                    return invalid("municipality", "not a municipality of this prefecture");
                }
                which = List.of(code);
            } catch (InvalidValueException e) {
                return invalid("municipality", e.getMessage());
            }
        }
        Map<String, Object> reports = new LinkedHashMap<>();
        try {
            for (LocalGovernmentCode code : which) {
                reports.put(code.value(), checks.check(code, action.equals("repair")));
            }
        } catch (org.springframework.web.client.RestClientException e) {
            return new WebEndpointResponse<>(Map.of("detail", "a peer could not be read: " + e.getClass().getSimpleName(),
                    "reports", reports), 502);
        }
        return new WebEndpointResponse<>(Map.of("reports", reports));
    }

    private static WebEndpointResponse<Object> invalid(String field, String detail) {
        return new WebEndpointResponse<>(Map.of("field", field, "detail", detail), WebEndpointResponse.STATUS_BAD_REQUEST);
    }
}
