package jp.jukinet.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Writes the dev CA's revocation list, {@code ca.crl}: every certificate revoked so far, signed by
 * the CA. Each revocation writes a whole new list (the previous entries, the new one, a CRL number
 * one higher, issued now), atomically, under the CA directory's file lock.
 */
final class RevocationListWriter {

    static final String REVOCATION_LIST = "ca.crl";
    static final String REVOKED_DIRECTORY = "revoked";
    /**
     * When the list says the next one is due. The gateway does not wait for it (it reads the file
     * every few seconds); it is set past the life of any certificate the list can name.
     */
    private static final Duration NEXT_UPDATE = Duration.ofDays(825);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path directory;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;

    RevocationListWriter(Path directory, X509Certificate caCertificate, PrivateKey caKey) {
        this.directory = directory;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    RevokedCertificate revoke(IssuedCertificate files) {
        Identity identity = files.identity();
        if (!Files.exists(files.certificate())) {
            throw new IllegalArgumentException("there is no certificate of " + identity + " in " + directory
                    + " to revoke (already revoked, or never issued)");
        }
        try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            X509Certificate certificate = DevCertificateAuthority.readCertificate(files.certificate());
            BigInteger serial = certificate.getSerialNumber();
            Path list = directory.resolve(REVOCATION_LIST);
            X509CRLHolder previous = Files.exists(list) ? read(list) : null;
            Instant now = Instant.now();
            JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(caCertificate, Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(NEXT_UPDATE)));
            BigInteger number = BigInteger.ONE;
            if (previous != null) {
                builder.addCRL(previous);
                number = crlNumber(previous).add(BigInteger.ONE);
            }
            if (previous == null || previous.getRevokedCertificate(serial) == null) {
                // an earlier revoke that stopped before moving the files aside has listed it already
                builder.addCRLEntry(serial, Date.from(now), CRLReason.unspecified);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKey)));
            DevCertificateAuthority.writeAtomically(list, DevCertificateAuthority.pem(crl));

            // the list first, then the files: a crash in between leaves a revoked pair in place, never a free one
            Path aside = directory.resolve(REVOKED_DIRECTORY);
            Files.createDirectories(aside);
            String stem = identity.name() + "-" + serial.toString(16);
            Path movedCertificate = aside.resolve(stem + ".crt");
            Files.move(files.certificate(), movedCertificate, StandardCopyOption.REPLACE_EXISTING);
            if (Files.exists(files.privateKey())) {
                Files.move(files.privateKey(), aside.resolve(stem + ".key"), StandardCopyOption.REPLACE_EXISTING);
            }
            return new RevokedCertificate(identity, serial, list, movedCertificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot revoke the certificate of " + identity + " in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot revoke the certificate of " + identity + ": " + e.getMessage(), e);
        }
    }

    /** The list in the directory, which must be this CA's: a list signed by anyone else is not extended. */
    private X509CRLHolder read(Path list) throws IOException, OperatorCreationException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(list, StandardCharsets.US_ASCII))) {
            if (!(parser.readObject() instanceof X509CRLHolder holder)) {
                throw new IOException(list + " holds no revocation list; move it away to start a new one");
            }
            try {
                if (!holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(caCertificate))) {
                    throw new GeneralSecurityException(list + " is not signed by this CA; move it away to start a new one");
                }
            } catch (org.bouncycastle.cert.CertException e) {
                throw new GeneralSecurityException(list + " cannot be verified: " + e.getMessage(), e);
            }
            return holder;
        }
    }

    private static BigInteger crlNumber(X509CRLHolder holder) {
        Extension extension = holder.getExtension(Extension.cRLNumber);
        return extension == null ? BigInteger.ZERO : ASN1Integer.getInstance(extension.getParsedValue()).getValue();
    }
}
