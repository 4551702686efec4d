package jp.jukinet.model.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificateIdentityTest {

    @Test
    void noChainMeansNoIdentity() {
        assertThat(CertificateIdentity.of(null)).isEmpty();
        assertThat(CertificateIdentity.of(new java.security.cert.X509Certificate[0])).isEmpty();
        assertThat(CertificateIdentity.of("CN=clerk-131016")).isEmpty();
    }

    @Test
    void aResidentsIdentityIsMaskedWhenShown() {
        assertThat(CertificateIdentity.shown("resident-12345678906")).isEqualTo("resident-***");
        assertThat(CertificateIdentity.shown("agency-nenkin")).isEqualTo("agency-nenkin");
    }
}
