package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.Sex;

/** A resident reads their own identity information at J-LIS, and only their own, with their own certificate. */
class OwnIdentityTest extends MtlsProvisionTest {

    private ResponseEntity<String> own(String caller) {
        return through(caller).get().uri("/api/v1/national/own-identity").retrieve()
                .onStatus(status -> true, (request, response) -> { }).toEntity(String.class);
    }

    @Test
    void aResidentReadsTheirOwnRecordAndNoOneElsesWhateverTheyAsk() {
        IdentityInformation hanako = person(4_100_000_001L, "山田", "花子", "ヤマダ", "ハナコ", LocalDate.of(1990, 4, 1),
                Sex.FEMALE, "東京都千代田区千代田1番1号");
        IdentityInformation taro = person(4_100_000_002L, "山田", "太郎", "ヤマダ", "タロウ", LocalDate.of(1988, 8, 8),
                Sex.MALE, "東京都千代田区千代田1番1号");
        register(hanako, taro);

        ResponseEntity<String> answer = own("resident-" + hanako.residentCode().value());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(NationalLookupsTest.json(answer).get("residentCode").asString()).isEqualTo(hanako.residentCode().value());
        assertThat(answer.getBody()).doesNotContain(taro.residentCode().value()).contains("1990-04-01");
    }

    @Test
    void onlyAResidentsCertificateReadsItAndAnUnknownResidentIsNotFound() {
        assertThat(own("agency-nenkin").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(own("clerk-131016").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        IdentityInformation nobody = person(4_100_000_009L, "無名", "太郎", "ムメイ", "タロウ", LocalDate.of(1970, 1, 1),
                Sex.MALE, "東京都千代田区千代田1番1号"); // not registered
        assertThat(own("resident-" + nobody.residentCode().value()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
