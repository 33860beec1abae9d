package dev.weft.server;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The TLS connector: HTTP/1.1 (and so WebSocket) over Jetty's TLS with the configured key store. */
final class TlsConnector {
    private TlsConnector() {}

    static ServerConnector create(Server jetty, ServerConfig config) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(config.keyStore().toAbsolutePath().toString());
        tls.setKeyStorePassword(config.keyStorePassword());
        tls.setKeyManagerPassword(config.keyStorePassword());
        HttpConfiguration http = new HttpConfiguration();
        http.setSecureScheme("https");
        // The certificate is checked by clients; a client may connect by address rather than by name.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return new ServerConnector(jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
    }
}
