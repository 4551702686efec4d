package jp.jukinet.cs;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import jp.jukinet.cs.numbering.Numbering;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.numbering.ResidentCodeBlock;

/**
 * J-LIS's numbering stood in for, so that a CS alone registers new residents in an integration test
 * (its uplink points nowhere): random codes and numbers, nobody registered elsewhere. The network
 * tests use the real one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FakeNumbering {

    @Bean
    @Primary
    Numbering fakeNumbering(CsSettings settings) {
        Random random = new Random();
        return new Numbering() {
            @Override
            public ResidentCodeBlock allocateBlock(int size) {
                return new ResidentCodeBlock(UUID.randomUUID(), settings.municipality(),
                        Stream.generate(() -> ResidentCode.random(random)).distinct().limit(Math.min(size, 100)).toList());
            }

            @Override
            public List<MyNumber> myNumbers(List<ResidentCode> codes, boolean reissue) {
                return codes.stream().map(code -> MyNumber.random(random)).toList();
            }

            @Override
            public boolean registeredAnywhere(PersonName name, LocalDate dateOfBirth, Sex sex) {
                return false;
            }
        };
    }
}
