package jp.jukinet.national.disclosure;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.provision.DiscloseProvisionRecords;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * A resident reads their own identity information as J-LIS holds it (本人確認情報の本人への開示), with their
 * own certificate ({@code resident-<resident code>}): the record of the caller, nobody else's, whatever
 * the request says (it says nothing: there is no parameter).
 */
@RestController
class OwnIdentityController {

    private final ResidentRegister register;

    OwnIdentityController(ResidentRegister register) {
        this.register = register;
    }

    @Operation(summary = "The calling resident's own identity information",
            description = "Caller: a resident's own certificate (resident-<resident code>). 200 with their record "
                    + "(removed records too); 403 for any other caller; 404 when J-LIS holds no record of them.")
    @GetMapping("/api/v1/national/own-identity")
    IdentityInformation own(@RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = false) String caller) {
        return register.find(DiscloseProvisionRecords.residentOf(caller))
                .orElseThrow(() -> Refusal.notFound("residentCode", "J-LIS holds no record of the caller"));
    }
}
