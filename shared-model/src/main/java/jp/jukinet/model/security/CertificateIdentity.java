package jp.jukinet.model.security;

import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The identity of a caller or node is the common name of its certificate from the network's CA
 * ({@code clerk-131016}, {@code cs-131016}, {@code agency-nenkin}, {@code resident-12345678906}).
 * Read here once for the gateway and every node.
 */
public final class CertificateIdentity {

    private CertificateIdentity() {
    }

    /**
     * The common name of the first certificate of a verified chain, as a servlet container hands it
     * over in the request attribute {@code jakarta.servlet.request.X509Certificate}.
     *
     * @param chain the attribute's value (an {@code X509Certificate[]}), or anything else when there is none
     */
    public static Optional<String> of(Object chain) {
        if (!(chain instanceof X509Certificate[] certificates) || certificates.length == 0) {
            return Optional.empty();
        }
        try {
            for (Rdn rdn : new LdapName(certificates[0].getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The identity as it may appear in a log line or an answer: a resident's carries their resident code, so it is masked. */
    public static String shown(String identity) {
        return identity != null && identity.startsWith("resident-") ? "resident-***" : identity;
    }
}
