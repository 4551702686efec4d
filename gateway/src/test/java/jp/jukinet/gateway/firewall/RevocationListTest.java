package jp.jukinet.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;

/** The gateway's view of the CA's revocation list: only a list the CA signed counts, and a bad one never loosens it. */
class RevocationListTest {

    @TempDir
    Path dir;

    @Test
    void noListMeansNothingIsRevokedAndAListAppearingLaterIsRead() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        X509Certificate clerk = issue(ca, "clerk-131016");
        RevocationList list = list(ca);
        assertThat(list.isRevoked(clerk)).isFalse();

        ca.revoke(new Identity("clerk-131016"));
        assertThat(list.isRevoked(clerk)).isFalse(); // until it is read again
        list.refresh();

        assertThat(list.isRevoked(clerk)).isTrue();
        assertThat(list.isRevoked(issue(ca, "clerk-131016"))).isFalse(); // the identity's new certificate
        assertThat(list.isRevoked(issue(ca, "clerk-131130"))).isFalse();
    }

    @Test
    void aListNotSignedByTheTrustedCaStopsTheStart(@TempDir Path other) throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        // another CA of the same name: the issuer names match, the signature does not
        DevCertificateAuthority impostor = DevCertificateAuthority.openOrCreate(other);
        issue(impostor, "agency-nenkin");
        impostor.revoke(new Identity("agency-nenkin"));
        Files.copy(impostor.revocationListPath(), ca.revocationListPath());

        assertThatThrownBy(() -> list(ca)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jukinet.gateway.revocation-list");
    }

    @Test
    void aListThatIsNotACrlStopsTheStart() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        Files.writeString(ca.revocationListPath(), "not a list");

        assertThatThrownBy(() -> list(ca)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBadOrOlderListLaterKeepsTheLastGoodOne(@TempDir Path other) throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        X509Certificate first = issue(ca, "clerk-131016");
        ca.revoke(new Identity("clerk-131016"));
        Path older = dir.resolve("older.crl");
        Files.copy(ca.revocationListPath(), older);
        X509Certificate second = issue(ca, "agency-nenkin");
        ca.revoke(new Identity("agency-nenkin"));
        RevocationList list = list(ca);
        assertThat(list.isRevoked(first)).isTrue();
        assertThat(list.isRevoked(second)).isTrue();

        // an older list of the same CA would forgive the agency
        Files.copy(older, ca.revocationListPath(), StandardCopyOption.REPLACE_EXISTING);
        list.refresh();
        assertThat(list.isRevoked(second)).isTrue();

        // a forged list, an unreadable one, or none at all: the same
        DevCertificateAuthority impostor = DevCertificateAuthority.openOrCreate(other);
        issue(impostor, "operator-x");
        impostor.revoke(new Identity("operator-x"));
        Files.copy(impostor.revocationListPath(), ca.revocationListPath(), StandardCopyOption.REPLACE_EXISTING);
        list.refresh();
        Files.writeString(ca.revocationListPath(), "-----BEGIN X509 CRL-----\ngarbage\n-----END X509 CRL-----\n");
        list.refresh();
        Files.delete(ca.revocationListPath());
        list.refresh();
        assertThat(list.isRevoked(first)).isTrue();
        assertThat(list.isRevoked(second)).isTrue();
        assertThat(list.size()).isEqualTo(2);
    }

    @Test
    void aGatewayWithoutClientCertificatesHasNothingToRevoke() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        X509Certificate clerk = issue(ca, "clerk-131016");
        ca.revoke(new Identity("clerk-131016"));

        assertThat(RevocationList.none().isRevoked(clerk)).isFalse();
    }

    private static RevocationList list(DevCertificateAuthority ca) {
        return new RevocationList(ca.revocationListPath(), Duration.ofSeconds(2), List.of(ca.caCertificate()));
    }

    private static X509Certificate issue(DevCertificateAuthority ca, String identity) throws Exception {
        return DevCertificateAuthority.readCertificate(ca.ensureIssued(new Identity(identity)).certificate());
    }
}
