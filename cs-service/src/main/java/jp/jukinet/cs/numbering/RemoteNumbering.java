package jp.jukinet.cs.numbering;

import java.util.List;
import java.util.UUID;

import org.springframework.web.client.HttpClientErrorException;
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

/**
 * Numbering over the network: {@code /internal/v1/numbering/*} on the uplink (the prefecture relays
 * it). Every request names this CS's municipality: its prefecture relays it only from this CS, and
 * J-LIS answers only about the codes the municipality owns.
 */
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
        ResidentCodeBlock block = call(() -> uplink.post().uri("/internal/v1/numbering/resident-code-blocks").body(request)
                .retrieve().body(ResidentCodeBlock.class));
        if (!block.municipality().equals(municipality) || block.size() != size) {
            throw new IllegalStateException("numbering answered a block of " + block.size() + " codes for "
                    + block.municipality() + " to a request for " + size + " codes for " + municipality);
        }
        return block;
    }

    @Override
    public List<MyNumber> myNumbers(List<ResidentCode> codes, boolean reissue) {
        MyNumberRequest request = new MyNumberRequest(UUID.randomUUID(), municipality, codes, reissue);
        MyNumberResponse response = call(() -> {
            try {
                return uplink.post().uri("/internal/v1/numbering/my-numbers").body(request)
                        .retrieve().body(MyNumberResponse.class);
            } catch (HttpClientErrorException.Forbidden notOurs) {
                // J-LIS answers My Numbers only for people it knows this municipality holds (or is registering)
                throw Refusal.conflict(ResidentCode.FIELD, "the national server does not hold this person at this "
                        + "municipality (yet): a change of My Number can be asked once the registration or move-in has "
                        + "reached it; nothing was registered");
            }
        });
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
