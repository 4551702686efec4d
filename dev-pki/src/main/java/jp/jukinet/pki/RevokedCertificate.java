package jp.jukinet.pki;

import java.math.BigInteger;
import java.nio.file.Path;

/**
 * A certificate the CA has revoked.
 *
 * @param identity       whose it was
 * @param serialNumber   its serial number, as the revocation list names it
 * @param revocationList the list that now names it ({@code ca.crl})
 * @param movedTo        where its certificate file now lies ({@code revoked/<identity>-<serial>.crt})
 */
public record RevokedCertificate(Identity identity, BigInteger serialNumber, Path revocationList, Path movedTo) {
}
