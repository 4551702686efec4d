package jp.jukinet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificateAuthorityTest {

    @TempDir
    Path dir;

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @Test
    void issuedCertificateChainsToTheCaAndNamesTheIdentity() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        IssuedCertificate issued = ca.issue(new Identity("clerk-131016"));

        X509Certificate leaf = DevCertificateAuthority.readCertificate(issued.certificate());
        assertThat(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253)).contains("CN=clerk-131016");
        validate(leaf, ca.caCertificate());
        assertThat(Files.readString(issued.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aNodeServesAndCallsUnderItsComposeNameAndLocalhost() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        for (String node : List.of("gateway", "national", "pref-13", "cs-131016")) {
            X509Certificate leaf = DevCertificateAuthority.readCertificate(ca.issue(new Identity(node)).certificate());
            assertThat(leaf.getExtendedKeyUsage()).as(node).containsExactly(SERVER_AUTH, CLIENT_AUTH);
            assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).as(node)
                    .containsExactly(node, "localhost", "127.0.0.1");
        }
    }

    @Test
    void anAgencysWebhookEndpointServesTlsLikeANodeButTheAgencyItselfOnlyCalls() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        X509Certificate endpoint = DevCertificateAuthority.readCertificate(
                ca.issue(new Identity("webhook-agency-nenkin")).certificate());
        assertThat(endpoint.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        assertThat(endpoint.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .containsExactly("webhook-agency-nenkin", "localhost", "127.0.0.1");
        for (String caller : List.of("agency-nenkin", "webhook-nenkin", "webhook-clerk-131016")) {
            assertThat(new Identity(caller).servesTls()).as(caller).isFalse();
        }
    }

    @Test
    void theSigningKeyIsAnEd25519PairKeptOnceMade() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        Path key = ca.ensureSigningKey("national-webhook-signing");
        String first = java.nio.file.Files.readString(key);

        assertThat(ca.ensureSigningKey("national-webhook-signing")).isEqualTo(key);
        assertThat(java.nio.file.Files.readString(key)).as("kept, so published keys stay valid").isEqualTo(first);
        java.security.PrivateKey privateKey = java.security.KeyFactory.getInstance("Ed25519").generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(der(key)));
        java.security.PublicKey publicKey = java.security.KeyFactory.getInstance("Ed25519").generatePublic(
                new java.security.spec.X509EncodedKeySpec(der(key.resolveSibling("national-webhook-signing.pub"))));
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).as("the two files are a pair").isTrue();
    }

    private static byte[] der(Path pem) throws java.io.IOException {
        String text = java.nio.file.Files.readString(pem);
        return java.util.Base64.getMimeDecoder().decode(text.substring(text.indexOf('\n') + 1, text.indexOf("-----END")));
    }

    @Test
    void everyOtherIdentityOnlyCallsAndNamesNoHost() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        for (String caller : List.of("clerk-131016", "agency-nenkin", "resident-12345678906", "operator-local",
                "cs-1310", "pref-133", "gateway-2")) {
            X509Certificate leaf = DevCertificateAuthority.readCertificate(ca.issue(new Identity(caller)).certificate());
            assertThat(leaf.getExtendedKeyUsage()).as(caller).containsExactly(CLIENT_AUTH);
            assertThat(leaf.getSubjectAlternativeNames()).as(caller).isNull();
        }
    }

    @Test
    void aResidentsCertificateCannotServeTls() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        SSLContext resident = context(ca.issue(new Identity("resident-12345678906")), ca);
        SSLContext gateway = context(ca.issue(new Identity("gateway")), ca);

        // the client checks no host name here: the refusal is the certificate's purpose alone
        assertThatThrownBy(() -> clientHandshake(resident, gateway)).isInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("Extended key usage does not permit use for TLS server authentication");
        assertThat(clientHandshake(context(ca.issue(new Identity("national")), ca), gateway)).isEqualTo("CN=national,O=Juki-Net Dev");
    }

    @Test
    void ensureReissuesALeafOfAnOlderProfileButKeepsTheCa() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        Identity clerk = new Identity("clerk-131016");
        IssuedCertificate files = ca.issue(clerk);
        String caBefore = Files.readString(ca.caCertificatePath());
        // as the CA issued every leaf before client-only profiles: server and client use, localhost SANs
        Files.writeString(files.certificate(), oldProfile(ca, files));
        assertThat(DevCertificateAuthority.readCertificate(files.certificate()).getExtendedKeyUsage()).contains(SERVER_AUTH);

        X509Certificate renewed = DevCertificateAuthority.readCertificate(
                DevCertificateAuthority.openOrCreate(dir).ensureIssued(clerk).certificate());
        assertThat(renewed.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(renewed.getSubjectAlternativeNames()).isNull();
        assertThat(Files.readString(ca.caCertificatePath())).isEqualTo(caBefore);
        String current = Files.readString(files.certificate());
        assertThat(Files.readString(ca.ensureIssued(clerk).certificate())).isEqualTo(current);
    }

    @Test
    void certificateOfAnotherCaDoesNotValidate(@TempDir Path otherDir) throws Exception {
        DevCertificateAuthority ours = DevCertificateAuthority.openOrCreate(dir);
        DevCertificateAuthority theirs = DevCertificateAuthority.openOrCreate(otherDir);
        X509Certificate foreign = DevCertificateAuthority.readCertificate(
                theirs.issue(new Identity("agency-nenkin")).certificate());

        assertThatThrownBy(() -> validate(foreign, ours.caCertificate()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void reopeningKeepsTheCaAndEnsureKeepsExistingCertificates() throws Exception {
        DevCertificateAuthority first = DevCertificateAuthority.openOrCreate(dir);
        IssuedCertificate issued = first.ensureIssued(new Identity("national"));
        String before = Files.readString(issued.certificate());

        DevCertificateAuthority second = DevCertificateAuthority.openOrCreate(dir);
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(Files.readString(second.ensureIssued(new Identity("national")).certificate())).isEqualTo(before);
        assertThat(Files.readString(second.issue(new Identity("national")).certificate())).isNotEqualTo(before);
    }

    @Test
    void refusesIdentitiesThatAreNotSafeNames() {
        for (String bad : List.of("", "Clerk-131016", "clerk--1", "-x", "a/b", "a b", "x".repeat(64))) {
            assertThatThrownBy(() -> new Identity(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Identity(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mutualTlsHandshakeSucceedsBetweenIssuedIdentitiesAndFailsForAForeignClient(@TempDir Path otherDir)
            throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.openOrCreate(dir);
        SSLContext server = context(ca.issue(new Identity("national")), ca);
        SSLContext client = context(ca.issue(new Identity("pref-13")), ca);
        DevCertificateAuthority foreignCa = DevCertificateAuthority.openOrCreate(otherDir);
        SSLContext foreign = context(foreignCa.issue(new Identity("pref-13")), ca);

        assertThat(handshake(server, client)).isEqualTo("CN=pref-13,O=Juki-Net Dev");
        assertThatThrownBy(() -> handshake(server, foreign))
                .hasCauseInstanceOf(RuntimeException.class)
                .cause().hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void commandIssuesFilesAndRejectsBadArguments() throws Exception {
        assertThat(DevPkiCommand.run(new String[] {"issue", dir.toString(), "resident-12345678906"})).isZero();
        assertThat(dir.resolve("resident-12345678906.crt")).exists();
        assertThat(dir.resolve("resident-12345678906.key")).exists();
        assertThat(dir.resolve("ca.crt")).exists();
        assertThat(DevPkiCommand.run(new String[] {"issue", dir.toString()})).isEqualTo(2);
        assertThat(DevPkiCommand.run(new String[] {"issue", dir.toString(), "Bad Name"})).isEqualTo(2);
    }

    /** A leaf of {@code files}' identity and key, signed by {@code ca}, of the profile every leaf had before. */
    private static String oldProfile(DevCertificateAuthority ca, IssuedCertificate files) throws Exception {
        X509Certificate current = DevCertificateAuthority.readCertificate(files.certificate());
        org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                ca.caCertificate(), java.math.BigInteger.TEN, current.getNotBefore(), current.getNotAfter(),
                current.getSubjectX500Principal(), current.getPublicKey());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage, false,
                new org.bouncycastle.asn1.x509.ExtendedKeyUsage(new org.bouncycastle.asn1.x509.KeyPurposeId[] {
                        org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth,
                        org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")));
        X509Certificate old = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(DevCertificateAuthority.readPrivateKey(ca.directory().resolve("ca.key")))));
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(old.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Runs one handshake on loopback as the client and returns the server's principal; throws when the client refuses. */
    private static String clientHandshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                } catch (Exception e) {
                    // the client's view is what this test reads
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.startHandshake();
                return socket.getSession().getPeerPrincipal().getName();
            } finally {
                served.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
    }

    private static SSLContext context(IssuedCertificate own, DevCertificateAuthority trusted) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("own", DevCertificateAuthority.readPrivateKey(own.privateKey()), new char[0],
                new java.security.cert.Certificate[] {DevCertificateAuthority.readCertificate(own.certificate())});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted.caCertificate());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** Runs one handshake on loopback and returns the client principal the server saw. */
    private static String handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    String peer = socket.getSession().getPeerPrincipal().getName();
                    try (OutputStream out = socket.getOutputStream()) {
                        out.write(1);
                    }
                    return peer;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.startHandshake();
                try (InputStream in = socket.getInputStream()) {
                    in.read();
                }
            } catch (Exception e) {
                // the client may see the refusal first; the server's view below is what counts
            }
            return seen.get(30, TimeUnit.SECONDS);
        }
    }
}
