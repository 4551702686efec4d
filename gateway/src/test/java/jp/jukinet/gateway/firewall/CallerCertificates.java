package jp.jukinet.gateway.firewall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.testsupport.TestPki;

/**
 * This module's tests run the gateway without TLS and name their caller in {@code X-JukiNet-Caller};
 * this filter hands the gateway the certificate the test CA issues for that caller, as the TLS
 * handshake would (so that the certificate's identity, serial and issuer are real). The network
 * tests do the same over real mutual TLS.
 */
@TestConfiguration(proxyBeanMethods = false)
class CallerCertificates {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> callerCertificate() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String caller = request.getHeader(FirewallFilter.CALLER_HEADER);
                if (caller != null) {
                    request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] {certificate(caller)});
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static X509Certificate certificate(String identity) {
        try {
            return DevCertificateAuthority.readCertificate(TestPki.certificate(identity).certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
