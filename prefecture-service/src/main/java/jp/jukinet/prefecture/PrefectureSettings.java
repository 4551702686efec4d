package jp.jukinet.prefecture;

import org.springframework.boot.context.properties.ConfigurationProperties;

import jp.jukinet.model.code.PrefectureCode;

/**
 * Who this prefecture server is.
 *
 * @param prefecture the two-digit prefecture code (都道府県コード) this server serves, e.g. 13
 */
@ConfigurationProperties("jukinet.prefecture")
public record PrefectureSettings(PrefectureCode prefecture) {

    public PrefectureSettings {
        if (prefecture == null) {
            throw new IllegalArgumentException("jukinet.prefecture.prefecture must name this server's prefecture code, e.g. 13");
        }
    }
}
