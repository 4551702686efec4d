package jp.jukinet.downstream.ipn;

import java.time.Instant;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jp.jukinet.downstream.JlisClient;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.web.Refusal;

/**
 * The information-provision network's 機関別符号, for the operator ({@code operator-*} only) and the
 * tests. The My Number travels in a request body, never in a path (paths reach access logs).
 */
@RestController
@ConditionalOnProperty(name = "jukinet.downstream.system", havingValue = "IPN")
@RequestMapping("/api/v1/downstream/agency-codes")
class AgencyCodesController {

    private final AgencyCodes codes;

    AgencyCodesController(AgencyCodes codes) {
        this.codes = codes;
    }

    record CodeRequest(MyNumber myNumber) {
    }

    record CodeView(String agencyCode, Instant derivedAt) {
    }

    record Summary(long derived) {
    }

    /**
     * {@code {"myNumber": "…"}}: asks J-LIS for the resident code behind it (under the network's rule)
     * and answers the 機関別符号 derived from it; 404 when J-LIS knows no such number, 403 when it refuses.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    CodeView derive(@RequestBody CodeRequest request) {
        if (request.myNumber() == null) {
            throw Refusal.invalid(MyNumber.FIELD, "myNumber is required");
        }
        try {
            AgencyCodes.AgencyCode code = codes.forMyNumber(request.myNumber());
            return new CodeView(code.agencyCode(), code.derivedAt());
        } catch (JlisClient.JlisException e) {
            throw switch (e.status()) {
                case 404 -> Refusal.notFound(MyNumber.FIELD, "J-LIS knows no person with that number");
                case 403 -> Refusal.forbidden("J-LIS refused the lookup under this system's rule");
                default -> e;
            };
        }
    }

    /** The code derived for a resident code; 404 when none was derived. */
    @GetMapping("/{residentCode}")
    CodeView find(@PathVariable String residentCode) {
        return codes.find(ResidentCode.of(residentCode)).map(code -> new CodeView(code.agencyCode(), code.derivedAt()))
                .orElseThrow(() -> Refusal.notFound(ResidentCode.FIELD, "no 機関別符号 was derived for that person"));
    }

    @GetMapping
    Summary summary() {
        return new Summary(codes.count());
    }
}
