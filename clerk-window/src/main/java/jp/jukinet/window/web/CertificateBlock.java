package jp.jukinet.window.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.PaperMoveOutCertificate;

/**
 * The machine-readable block printed on a paper 転出証明書 (what a reader of its code, or the clerk
 * copying its block, gives the window): {@value PaperMoveOutCertificate#ENCODED_BLOCK_PREFIX} and the
 * base64url of the certificate's JSON, across several printed lines. Read here into the contents the
 * 転入届 carries; the CS then checks them against J-LIS's record of the removal, so an altered paper is
 * refused there whatever this reads.
 */
final class CertificateBlock {

    private CertificateBlock() {
    }

    /** @throws InvalidValueException (field {@code certificateBlock}) when the block is not one */
    static ObjectNode read(String printed) {
        String block = printed.replaceAll("\\s+", "");
        if (!block.startsWith(PaperMoveOutCertificate.ENCODED_BLOCK_PREFIX)) {
            throw new InvalidValueException("certificateBlock",
                    "the block starts with " + PaperMoveOutCertificate.ENCODED_BLOCK_PREFIX);
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(block.substring(PaperMoveOutCertificate.ENCODED_BLOCK_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("certificateBlock", "the block is cut short or mistyped (not base64url)");
        }
        try {
            // read as the CS will: every item present and well-formed
            JukiNetJson.mapper().readValue(json, PaperMoveOutCertificate.class);
            return (ObjectNode) JukiNetJson.mapper().readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidValueException invalid) {
                throw new InvalidValueException("certificateBlock", invalid.reason());
            }
            throw new InvalidValueException("certificateBlock", "the block does not hold a 転出証明書");
        }
    }
}
