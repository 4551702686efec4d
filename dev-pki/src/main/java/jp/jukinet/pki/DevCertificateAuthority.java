package jp.jukinet.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The development certificate authority of a local Juki-Net network.
 *
 * <p>It lives in one directory: {@code ca.crt} and {@code ca.key}, and for every identity
 * {@code <identity>.crt} and {@code <identity>.key} (PEM, PKCS#8), ready for Spring Boot PEM SSL
 * bundles and for {@code curl --cacert ca.crt --cert x.crt --key x.key}. Every leaf certificate
 * names its identity as the subject common name. A node's ({@link Identity#isNode()}) is valid for
 * TLS server and client authentication, for {@code localhost}, {@code 127.0.0.1} and its name as a
 * host name (the docker compose service name); every other identity's (clerks, agencies, residents,
 * operators) is valid for client authentication only and names no host, so it can never serve TLS
 * as a node. An agency's webhook endpoint ({@link Identity#isWebhookEndpoint()}) gets a node's profile:
 * it serves TLS to the gateway that delivers push-type notification into the agency zone.
 *
 * <p>Keys are EC P-256: fast to generate (a whole network's certificates in well under a second)
 * and accepted by every TLS stack the project uses. This CA is for development and tests only;
 * production keys would come from the network's real CA and HSMs.
 */
public final class DevCertificateAuthority {

    static final String CA_CERTIFICATE = "ca.crt";
    static final String CA_KEY = "ca.key";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path directory;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final SecureRandom random = new SecureRandom();

    private DevCertificateAuthority(Path directory, X509Certificate caCertificate, PrivateKey caKey) {
        this.directory = directory;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    /**
     * Opens the CA kept in {@code directory}, creating the directory and a new CA when none is
     * there yet. Safe to call from several processes at once: creation is guarded by a file lock.
     */
    public static DevCertificateAuthority openOrCreate(Path directory) {
        try {
            Files.createDirectories(directory);
            try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                Path cert = directory.resolve(CA_CERTIFICATE);
                Path key = directory.resolve(CA_KEY);
                if (Files.exists(cert) && Files.exists(key)) {
                    return new DevCertificateAuthority(directory, readCertificate(cert), readPrivateKey(key));
                }
                KeyPair pair = newKeyPair();
                X500Name subject = name("Juki-Net Dev CA");
                Instant now = Instant.now();
                JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                        new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                        Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(pair.getPublic()));
                X509Certificate certificate = sign(builder, pair.getPrivate());
                writeAtomically(key, pem(pair.getPrivate()));
                writeAtomically(cert, pem(certificate));
                return new DevCertificateAuthority(directory, certificate, pair.getPrivate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the dev CA in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the dev CA in " + directory, e);
        }
    }

    /** The directory that holds the CA and the issued certificates. */
    public Path directory() {
        return directory;
    }

    /** {@code ca.crt}: the trust anchor every node and client uses. */
    public Path caCertificatePath() {
        return directory.resolve(CA_CERTIFICATE);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /**
     * Returns the certificate of {@code identity}, issuing it first when the directory has none, or
     * one that this CA did not sign or that has another profile than {@code identity} gets now (an
     * up-to-date pair is kept, so a restarted network keeps its clients' files valid).
     */
    public synchronized IssuedCertificate ensureIssued(Identity identity) {
        IssuedCertificate files = filesOf(identity);
        if (Files.exists(files.certificate()) && Files.exists(files.privateKey()) && upToDate(files)) {
            return files;
        }
        return issue(identity);
    }

    private boolean upToDate(IssuedCertificate files) {
        try {
            X509Certificate certificate = readCertificate(files.certificate());
            certificate.verify(caCertificate.getPublicKey());
            if (!certificate.getSubjectX500Principal().equals(new X500Principal(name(files.identity().name()).getEncoded()))) {
                return false;
            }
            List<String> names = certificate.getSubjectAlternativeNames() == null ? List.of()
                    : certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
            return List.of(purposes(files.identity())).stream().map(purpose -> purpose.toOID().getId()).toList()
                    .equals(certificate.getExtendedKeyUsage()) && names.equals(hostNames(files.identity()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A node serves and calls; every other identity only calls. */
    private static KeyPurposeId[] purposes(Identity identity) {
        return identity.servesTls() ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
    }

    /** The names a node answers to; none for an identity that only calls. */
    private static List<String> hostNames(Identity identity) {
        return identity.servesTls() ? List.of(identity.name(), "localhost", "127.0.0.1") : List.of();
    }

    /** Issues a new certificate and key for {@code identity}, replacing any existing pair. */
    public synchronized IssuedCertificate issue(Identity identity) {
        try {
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate,
                    new BigInteger(127, random), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(LEAF_VALIDITY)), name(identity.name()), pair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes(identity)));
            if (identity.servesTls()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(hostNames(identity).stream().map(name -> new GeneralName(
                                name.equals("127.0.0.1") ? GeneralName.iPAddress : GeneralName.dNSName, name))
                                .toArray(GeneralName[]::new)));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate certificate = sign(builder, caKey);
            IssuedCertificate files = filesOf(identity);
            writeAtomically(files.privateKey(), pem(pair.getPrivate()));
            writeAtomically(files.certificate(), pem(certificate));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificate of " + identity, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + identity, e);
        }
    }

    private IssuedCertificate filesOf(Identity identity) {
        return new IssuedCertificate(identity, directory.resolve(identity.name() + ".crt"),
                directory.resolve(identity.name() + ".key"));
    }

    /** Reads the first certificate of a PEM file. */
    public static X509Certificate readCertificate(Path pemFile) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pemFile, StandardCharsets.US_ASCII))) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IOException(pemFile + " holds no certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decode the certificate in " + pemFile, e);
        }
    }

    /** Reads a PKCS#8 (or traditional EC) private key from a PEM file. */
    public static PrivateKey readPrivateKey(Path pemFile) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pemFile, StandardCharsets.US_ASCII))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(pemFile + " holds no private key");
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Juki-Net Dev")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                // PKCS#8 ("BEGIN PRIVATE KEY"), which Spring Boot's PEM bundles and curl both read.
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    /** Never leaves a half-written file behind: a crash mid-write keeps the old file or none. */
    static void writeAtomically(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Revokes the current certificate of {@code identity}: its serial number joins the CA's
     * revocation list {@code ca.crl} (PEM X.509 CRL, signed by this CA, numbered one higher than
     * the last), and its certificate and key move aside to {@code revoked/}, so that a later
     * {@link #ensureIssued} or {@link #issue} gives the identity a fresh pair. The gateway reads the
     * list again every few seconds and refuses the revoked certificate from then on. Safe against
     * another process revoking in the same directory at once (file lock).
     *
     * @throws IllegalArgumentException when the directory holds no certificate of {@code identity}
     */
    public synchronized RevokedCertificate revoke(Identity identity) {
        return new RevocationListWriter(directory, caCertificate, caKey).revoke(filesOf(identity));
    }

    /**
     * The Ed25519 key pair {@code <name>.key} (PKCS#8) and {@code <name>.pub} (X.509
     * SubjectPublicKeyInfo), generated when either is missing: the national server's key that
     * signs webhook deliveries (RFC 9421, {@code national-webhook-signing}), or a node's key that
     * signs its provision-chain heads ({@code <node>-chain-signing}, J-LIS and each prefecture).
     * It is a signing key, not a TLS identity, so no certificate is issued for it.
     *
     * @return the private key file; the public key is beside it
     */
    public synchronized Path ensureSigningKey(String name) {
        new Identity(name);
        Path privateKey = directory.resolve(name + ".key");
        Path publicKey = directory.resolve(name + ".pub");
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return privateKey;
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            writeAtomically(privateKey, pemBlock("PRIVATE KEY", pair.getPrivate().getEncoded()));
            writeAtomically(publicKey, pemBlock("PUBLIC KEY", pair.getPublic().getEncoded()));
            return privateKey;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing key " + name, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key", e);
        }
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** {@code ca.crl}: the CA's revocation list; absent until something is revoked. */
    public Path revocationListPath() {
        return directory.resolve(RevocationListWriter.REVOCATION_LIST);
    }
}
