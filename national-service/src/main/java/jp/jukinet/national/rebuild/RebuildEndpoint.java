package jp.jukinet.national.rebuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * The operator's rebuild of J-LIS ({@code /actuator/rebuild}): like every actuator endpoint but
 * health, only an operator certificate ({@code operator-*}) on a direct connection reaches it
 * ({@link PeerIdentityFilter}); the gateway routes no actuator of a node.
 * <ul>
 *   <li>{@code GET}: the state ({@code SERVING} or {@code REBUILDING}), the prefectures loaded
 *       (outbox head, counts) and how the last run went.</li>
 *   <li>{@code POST}: enters {@code REBUILDING} if the register is empty and starts the rebuild in
 *       the background (202); 409 when the register is not empty (a rebuild never merges into a
 *       register that holds anything), when no prefectures are configured, or while a run is going.
 *       A failed run is started again the same way and reads only the prefectures not loaded.</li>
 * </ul>
 */
@Component
@Endpoint(id = "rebuild")
class RebuildEndpoint {

    private final RebuildState state;
    private final NationalRebuild rebuild;
    private final JdbcClient jdbc;

    RebuildEndpoint(RebuildState state, NationalRebuild rebuild, JdbcClient jdbc) {
        this.state = state;
        this.rebuild = rebuild;
        this.jdbc = jdbc;
    }

    @ReadOperation
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", state.state().name());
        status.put("running", rebuild.isRunning());
        List<Map<String, Object>> loads = jdbc.sql("""
                SELECT source, outbox_head, residents, history, retired_codes, blocks, loaded_at
                FROM rebuild_loads ORDER BY source""").query().listOfRows();
        status.put("loaded", loads);
        NationalRebuild.Run last = rebuild.last();
        if (last != null) {
            status.put("last", last);
        }
        return status;
    }

    @WriteOperation
    WebEndpointResponse<Map<String, Object>> start() {
        String refused = rebuild.start(operator());
        if (refused != null) {
            return new WebEndpointResponse<>(Map.of("detail", refused), 409);
        }
        return new WebEndpointResponse<>(status(), 202);
    }

    private static String operator() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object peer = request == null ? null : request.getAttribute(PeerIdentityFilter.PEER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        Object caller = request == null ? null : request.getAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return String.valueOf(peer != null ? peer : caller);
    }
}
