package jp.jukinet.cs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * Who this CS is.
 *
 * @param municipality  the local government code (地方公共団体コード) of the municipality this CS
 *                      serves; a CS serves exactly one, and refuses requests for any other
 * @param codeBlockSize how many resident codes to ask the national server for at a time
 */
@ConfigurationProperties("jukinet.cs")
public record CsSettings(LocalGovernmentCode municipality, @DefaultValue("1000") int codeBlockSize) {

    public CsSettings {
        if (municipality == null) {
            throw new IllegalArgumentException("jukinet.cs.municipality must name this CS's local government code, e.g. 131016");
        }
        if (codeBlockSize < 1 || codeBlockSize > 100_000) {
            throw new IllegalArgumentException("jukinet.cs.code-block-size must be 1-100000");
        }
    }
}
