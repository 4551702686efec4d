package jp.jukinet.network;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Fault injection added to a node of the test network: the node commits a notice batch (or a batch
 * of messages from another CS) and then "crashes" before its acknowledgement leaves, so the sender
 * sees a failure and must send the batch again.
 */
final class Faults extends OncePerRequestFilter {

    private final AtomicInteger acknowledgementsToLose = new AtomicInteger();
    private final AtomicInteger acknowledgementsLost = new AtomicInteger();

    /** The next {@code count} notice batches are committed but not acknowledged. */
    void loseAcknowledgements(int count) {
        acknowledgementsToLose.addAndGet(count);
    }

    int acknowledgementsLost() {
        return acknowledgementsLost.get();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean noticeBatch = "POST".equals(request.getMethod()) && (path.equals("/internal/v1/notices")
                || path.startsWith("/internal/v1/municipalities/") && path.endsWith("/messages"));
        if (noticeBatch && acknowledgementsToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ContentCachingResponseWrapper swallowed = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, swallowed); // the inbox commits the batch here
            if (swallowed.getStatus() == 200) {
                acknowledgementsLost.incrementAndGet();
            }
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE); // the acknowledgement never leaves
            return;
        }
        chain.doFilter(request, response);
    }

    /** Added to every node of the test network. */
    @Configuration(proxyBeanMethods = false)
    static class Injection {

        @Bean
        Faults faults() {
            return new Faults();
        }

        @Bean
        FilterRegistrationBean<Faults> faultsFilter(Faults faults) {
            FilterRegistrationBean<Faults> registration = new FilterRegistrationBean<>(faults);
            registration.addUrlPatterns("/internal/v1/notices", "/internal/v1/municipalities/*");
            return registration;
        }
    }
}
