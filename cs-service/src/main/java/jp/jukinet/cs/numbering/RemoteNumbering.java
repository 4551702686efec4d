package jp.jukinet.cs.numbering;

import java.util.List;
import java.util.UUID;

import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.model.numbering.RegistrationCheck;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.service.web.Refusal;

/** Numbering over the network: {@code /internal/v1/numbering/*} on the uplink (the prefecture relays it). */
class RemoteNumbering implements Numbering {

    private final RestClient uplink;
    private final LocalGovernmentCode municipality;

    RemoteNumbering(RestClient uplink, LocalGovernmentCode municipality) {
        this.uplink = uplink;
        this.municipality = municipality;
    }

    @Override
    public ResidentCodeBlock allocateBlock(int size) {
        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(UUID.randomUUID(), municipality, size);
        return call(() -> uplink.post().uri("/internal/v1/numbering/resident-code-blocks").body(request)
                .retrieve().body(ResidentCodeBlock.class));
    }

    @Override
    public List<MyNumber> myNumbers(List<ResidentCode> codes, boolean reissue) {
        MyNumberRequest request = new MyNumberRequest(UUID.randomUUID(), codes, reissue);
        MyNumberResponse response = call(() -> uplink.post().uri("/internal/v1/numbering/my-numbers").body(request)
                .retrieve().body(MyNumberResponse.class));
        List<MyNumberAssignment> assignments = response.assignments();
        if (assignments.size() != codes.size()) {
            throw new IllegalStateException("numbering answered " + assignments.size() + " numbers for " + codes.size()
                    + " resident codes");
        }
        for (int i = 0; i < codes.size(); i++) {
            if (!assignments.get(i).residentCode().equals(codes.get(i))) {
                throw new IllegalStateException("numbering answered out of order");
            }
        }
        return assignments.stream().map(MyNumberAssignment::myNumber).toList();
    }

    @Override
    public boolean registeredAnywhere(PersonName name, java.time.LocalDate dateOfBirth, Sex sex) {
        RegistrationCheck check = new RegistrationCheck(municipality, name, dateOfBirth, sex);
        RegistrationCheck.Answer answer = call(() -> uplink.post().uri("/internal/v1/numbering/registration-checks")
                .body(check).retrieve().body(RegistrationCheck.Answer.class));
        return answer.registered();
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (org.springframework.web.client.RestClientException e) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null,
                    "the national numbering service cannot be reached now; nothing was registered, please retry");
        }
    }
}
