package jp.jukinet.service.web;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The nodes' outgoing HTTP clients (notice delivery, numbering) reuse their threads. Spring's
 * {@code JdkClientHttpRequestFactory} writes each request body on the HTTP client's executor and,
 * when the client has none, on a {@code SimpleAsyncTaskExecutor}: a new thread for every request
 * with a body. Under load (seeding the local cluster: about 15,000 new threads a minute, measured
 * with jstack) that costs CPU the requests need.
 */
@AutoConfiguration
public class HttpClientConfiguration {

    @Bean
    BodyWriters jukinetHttpClientBodyWriters() {
        return new BodyWriters();
    }

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> jukinetJdkClientExecutor(BodyWriters writers) {
        return builder -> builder.withExecutor(writers.executor);
    }

    /** A cached pool of daemon threads, shut down with the context (not an {@code Executor} bean, which would displace Boot's task executor). */
    static final class BodyWriters implements DisposableBean {

        private final ExecutorService executor;

        BodyWriters() {
            AtomicInteger count = new AtomicInteger();
            executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "http-client-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void destroy() {
            executor.shutdown();
        }
    }
}
