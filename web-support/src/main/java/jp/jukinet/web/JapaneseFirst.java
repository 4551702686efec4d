package jp.jukinet.web;

import java.time.Duration;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Japanese first: every page is in Japanese unless the person chose English ({@code ?lang=en}, kept in
 * a cookie), whatever the browser asks for. The counter works in Japanese, and a resident's page
 * speaks the language of the register; a browser set up in English must not change that. Imported
 * by the window and the portal ({@code @Import(JapaneseFirst.class)}).
 */
@Configuration(proxyBeanMethods = false)
public class JapaneseFirst implements WebMvcConfigurer {

    public static final Locale JAPANESE = Locale.JAPANESE;

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("jukinet-lang");
        resolver.setDefaultLocale(JAPANESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Strict");
        // a language is no secret: the cookie goes over the local network's plain http on loopback too
        resolver.setCookieHttpOnly(true);
        resolver.setRejectInvalidCookies(true);
        // not the browser's Accept-Language: Japanese unless chosen otherwise
        resolver.setDefaultLocaleFunction(request -> JAPANESE);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }
}
