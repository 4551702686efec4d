package jp.jukinet.window.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

import tools.jackson.databind.JsonNode;

import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.web.JsonView;
import jp.jukinet.window.account.Clerk;
import jp.jukinet.window.gateway.CsClients;

/**
 * The moves out of and into the clerk's municipality with their state, the move messages that need
 * a clerk, and the 転出証明書 of an ordinary move-out: a print view (the items and the block the
 * destination's window reads) and the CS's own PDF.
 */
@Controller
@RequestMapping("/moves")
class MovesController {

    /** The printed block's line width, as the CS prints it. */
    static final int BLOCK_WIDTH = 76;

    private final CsClients clients;

    MovesController(CsClients clients) {
        this.clients = clients;
    }

    @GetMapping
    String moves(@AuthenticationPrincipal Clerk clerk, Model model) {
        model.addAttribute("moves", JsonView.of(clients.of(clerk.municipality()).moves(null)));
        return "window/moves";
    }

    @GetMapping("/{moveId}/certificate")
    String certificate(@PathVariable("moveId") String moveId, @AuthenticationPrincipal Clerk clerk, Model model) {
        JsonNode contents = clients.of(clerk.municipality()).certificate(id(moveId));
        model.addAttribute("certificate", JsonView.of(contents));
        model.addAttribute("block", block(contents));
        return "window/certificate";
    }

    @GetMapping(path = "/{moveId}/certificate.pdf")
    ResponseEntity<byte[]> certificatePdf(@PathVariable("moveId") String moveId, @AuthenticationPrincipal Clerk clerk) {
        UUID id = id(moveId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"tenshutsu-" + id + ".pdf\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(clients.of(clerk.municipality()).certificatePdf(id));
    }

    /** The block as printed: the prefix and the base64url of the contents' JSON, in lines of {@value #BLOCK_WIDTH}. */
    static String block(JsonNode contents) {
        String block = PaperMoveOutCertificate.ENCODED_BLOCK_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JukiNetJson.mapper().writeValueAsString(contents).getBytes(StandardCharsets.UTF_8));
        StringBuilder lines = new StringBuilder();
        for (int at = 0; at < block.length(); at += BLOCK_WIDTH) {
            lines.append(block, at, Math.min(block.length(), at + BLOCK_WIDTH)).append('\n');
        }
        return lines.toString();
    }

    private static UUID id(String typed) {
        try {
            return UUID.fromString(typed);
        } catch (IllegalArgumentException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no such move");
        }
    }
}
