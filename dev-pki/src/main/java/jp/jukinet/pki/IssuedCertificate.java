package jp.jukinet.pki;

import java.nio.file.Path;

/** The PEM files of one identity's certificate and its PKCS#8 private key. */
public record IssuedCertificate(Identity identity, Path certificate, Path privateKey) {
}
