package jp.jukinet.cs;

import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The clerks' API of this CS ({@code /api/v1/municipalities/{lg}/…}) answers this municipality's
 * own clerk system only ({@code clerk-<lg>}), whatever the gateway's policy lets through: the CS
 * decides from its own configuration who its clerks are (PRODUCT.md F10). The exceptions are the
 * resident's own online move-out, which its handler checks against the caller, and provision to
 * other municipalities' bodies (Art. 30-14), where the caller must be the rule's recipient.
 */
@Configuration(proxyBeanMethods = false)
class ClerkCallers implements WebMvcConfigurer {

    private final CsSettings settings;

    ClerkCallers(CsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Object caller = request.getAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE);
                if (!("clerk-" + settings.municipality().value()).equals(caller)) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> variables = (Map<String, String>) request.getAttribute(
                            HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
                    if (variables != null && !settings.municipality().value().equals(variables.get("lg"))) {
                        return true; // the handler answers 404 for another municipality
                    }
                    throw Refusal.forbidden("the clerks' API of municipality " + settings.municipality().value()
                            + " answers its own clerk system only");
                }
                return true;
            }
        }).addPathPatterns("/api/v1/municipalities/*/**").excludePathPatterns("/api/v1/municipalities/*/online-move-outs",
                // provision to other municipalities' bodies (Art. 30-14): the rule names its caller
                "/api/v1/municipalities/*/lookups", "/api/v1/municipalities/*/provision-rules",
                // and the resident's own records of it, checked against the caller
                "/api/v1/municipalities/*/provision-records");
    }
}
