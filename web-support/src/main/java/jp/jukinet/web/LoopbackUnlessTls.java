package jp.jukinet.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Fails closed on the transport: a web application of people (the clerk's window, the resident's portal) serves https
 * ({@code server.ssl.bundle}), or listens on a loopback address only, where no other machine reaches
 * it. A configuration with neither does not start; it says which setting to add.
 */
public final class LoopbackUnlessTls implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    /** @throws IllegalStateException when the server would serve plain http beyond this machine */
    public static void check(Environment environment) {
        if (environment.getProperty("server.ssl.bundle") != null) {
            return;
        }
        String address = environment.getProperty("server.address");
        if (address == null) {
            throw new IllegalStateException("server.ssl.bundle is not set, and server.address is not: plain http would "
                    + "listen on every interface. Set server.ssl.bundle (https), or server.address to a loopback address");
        }
        try {
            if (!InetAddress.getByName(address).isLoopbackAddress()) {
                throw new IllegalStateException("server.address " + address + " is not a loopback address, and "
                        + "server.ssl.bundle is not set: plain http would reach other machines. Set server.ssl.bundle");
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("server.address " + address + " is not an address", e);
        }
    }
}
