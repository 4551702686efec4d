package jp.jukinet.window.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import tools.jackson.databind.JsonNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.web.ActivationSlip;
import jp.jukinet.web.JsonView;
import jp.jukinet.window.WindowSettings;
import jp.jukinet.window.account.Clerk;
import jp.jukinet.window.gateway.CsClients;

/**
 * 住民ポータルの利用登録用紙: the clerk prints, for a resident of their municipality who is in force, the
 * slip with which the resident enrols at the portal, signed with the municipality's clerk key. The CS
 * is asked first: it answers for its own residents only, so a slip is never printed for another
 * municipality's resident, and the portal checks the signature against the municipality the slip names.
 */
@Controller
class SlipController {

    private final CsClients clients;
    private final WindowSettings settings;
    private final Clock clock;

    SlipController(CsClients clients, WindowSettings settings, Clock clock) {
        this.clients = clients;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping("/residents/{residentCode}/portal-slip")
    String slip(@PathVariable("residentCode") String typed, @AuthenticationPrincipal Clerk clerk, Model model) {
        if (settings.portal() == null) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no portal is configured");
        }
        ResidentCode code;
        try {
            code = ResidentCode.of(typed);
        } catch (InvalidValueException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND, "no such resident");
        }
        JsonNode resident = clients.of(clerk.municipality()).resident(code);
        if (!"ACTIVE".equals(resident.path("status").asString())) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.CONFLICT,
                    "a removed record gets no slip");
        }
        ActivationSlip slip = ActivationSlip.issue(code, clerk.municipality(), clock.instant());
        String signed = slip.sign(key(clerk), certificate(clerk));
        String base = settings.portal().toString().replaceAll("/+$", "");
        model.addAttribute("resident", JsonView.of(resident));
        model.addAttribute("slip", slip);
        model.addAttribute("expires", slip.expiresAt().atZone(NotificationController.JAPAN).toLocalDate().toString());
        model.addAttribute("link", base + "/activate?slip=" + URLEncoder.encode(signed, StandardCharsets.UTF_8));
        model.addAttribute("signed", signed);
        return "window/slip";
    }

    private PrivateKey key(Clerk clerk) {
        return pem("clerk-" + clerk.municipality().value() + ".key").getPrivateKey();
    }

    private X509Certificate certificate(Clerk clerk) {
        return pem("clerk-" + clerk.municipality().value() + ".crt").getCertificates().get(0);
    }

    private PemContent pem(String file) {
        try {
            return PemContent.of(Files.readString(settings.tlsDirectory().resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
