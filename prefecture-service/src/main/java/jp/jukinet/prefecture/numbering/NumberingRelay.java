package jp.jukinet.prefecture.numbering;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.RegistrationCheck;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.service.notice.OutboxSettings;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * Relays the municipalities' numbering requests to the national server: resident-code blocks are
 * allocated to municipalities through their prefecture. The answer (or the national server's
 * problem) is passed back unchanged.
 */
@RestController
class NumberingRelay {

    private final RestClient national;
    private final PrefectureSettings settings;

    NumberingRelay(RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl, OutboxSettings uplink,
                   PrefectureSettings settings) {
        RestClient.Builder client = builder.clone().baseUrl(uplink.uplink().toString());
        if (uplink.sslBundle() != null && !uplink.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(uplink.sslBundle()));
        }
        this.national = client.build();
        this.settings = settings;
    }

    @Operation(summary = "Relay a municipality's request for a block of resident codes to the national server")
    @PostMapping("/internal/v1/numbering/resident-code-blocks")
    ResponseEntity<byte[]> residentCodeBlock(@RequestBody ResidentCodeBlockRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        if (caller != null && !caller.equals("cs-" + request.municipality().value())) {
            throw Refusal.forbidden(caller + " may not ask for resident codes of another municipality");
        }
        if (!request.municipality().prefecture().equals(settings.prefecture())) {
            throw Refusal.forbidden("prefecture " + settings.prefecture().value()
                    + " relays numbering only for its own municipalities");
        }
        return relay("/internal/v1/numbering/resident-code-blocks", request);
    }

    @Operation(summary = "Relay a municipality's request for My Numbers to the national server")
    @PostMapping("/internal/v1/numbering/my-numbers")
    ResponseEntity<byte[]> myNumbers(@RequestBody MyNumberRequest request) {
        return relay("/internal/v1/numbering/my-numbers", request);
    }

    @Operation(summary = "Relay a municipality's question whether a person is registered anywhere to the national server")
    @PostMapping("/internal/v1/numbering/registration-checks")
    ResponseEntity<byte[]> registrationCheck(@RequestBody RegistrationCheck check,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        if (caller != null && !caller.equals("cs-" + check.municipality().value())) {
            throw Refusal.forbidden(caller + " may not ask on behalf of another municipality");
        }
        if (!check.municipality().prefecture().equals(settings.prefecture())) {
            throw Refusal.forbidden("prefecture " + settings.prefecture().value()
                    + " relays numbering only for its own municipalities");
        }
        return relay("/internal/v1/numbering/registration-checks", check);
    }

    private ResponseEntity<byte[]> relay(String path, Object body) {
        try {
            return national.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                    .exchange((req, res) -> ResponseEntity.status(res.getStatusCode())
                            .contentType(res.getHeaders().getContentType() == null
                                    ? MediaType.APPLICATION_JSON : res.getHeaders().getContentType())
                            .body(res.getBody().readAllBytes()));
        } catch (RestClientException e) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the national server cannot be reached now; retry later");
        }
    }
}
