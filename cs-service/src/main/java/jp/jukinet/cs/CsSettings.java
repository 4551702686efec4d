package jp.jukinet.cs;

import org.springframework.boot.context.properties.ConfigurationProperties;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * Who this CS is.
 *
 * @param municipality the local government code (地方公共団体コード) of the municipality this CS
 *                     serves; a CS serves exactly one, and refuses requests for any other
 */
@ConfigurationProperties("jukinet.cs")
public record CsSettings(LocalGovernmentCode municipality) {

    public CsSettings {
        if (municipality == null) {
            throw new IllegalArgumentException("jukinet.cs.municipality must name this CS's local government code, e.g. 131016");
        }
    }
}
