package io.bulkimport.scale;

import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ActiveMQ Artemis broker inside this service ({@code broker.embedded-port}), for development and tests: the other
 * instances use it as they would a real broker. Messages are kept in memory only (a restart of this instance loses
 * those in the queues; their requesters send them again after {@code broker.request-timeout-ms}). The queues of the
 * stages ({@code bulkimport.#}) redeliver a message that a worker failed on or died with up to
 * {@value #MAX_DELIVERY_ATTEMPTS} times, then move it to {@code DLQ}; a real broker is configured the same way
 * (docker/compose.yaml). With a user set, only that user may connect, from any machine; without one, only processes
 * of this machine may (it listens on 127.0.0.1).
 */
public final class EmbeddedBroker extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final int MAX_DELIVERY_ATTEMPTS = 3;

    private final int port;
    private final String user;
    private final String password;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("bulk-import-embedded")
                .setPersistenceEnabled(false)
                .setJMXManagementEnabled(false)
                .setSecurityEnabled(!user.isEmpty())
                .addAcceptorConfiguration("core", "tcp://" + host() + ":" + port + "?protocols=CORE")
                .addAddressSetting("bulkimport.#", new AddressSettings()
                        .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                        .setRedeliveryDelay(500)
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setAutoCreateDeadLetterResources(false)
                        .setAutoCreateQueues(true)
                        .setAutoCreateAddresses(true))
                .addQueueConfiguration(QueueConfiguration.of("DLQ").setRoutingType(RoutingType.ANYCAST));
        ActiveMQSecurityManagerImpl security = new ActiveMQSecurityManagerImpl();
        if (!user.isEmpty()) {
            security.getConfiguration().addUser(user, password);
            security.getConfiguration().addRole(user, "bulkimport");
            config.putSecurityRoles("#", Set.of(new Role("bulkimport", true, true, true, true, true, true, true, true,
                    true, true)));
        }
        server = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(security);
        server.start();
        LOG.info("embedded ActiveMQ Artemis broker listening on {}:{} ({})", host(), port,
                user.isEmpty() ? "no login: this machine only; set BROKER_USER and BROKER_PASSWORD for other machines"
                        : "login required");
    }

    /** Without a login, the broker takes connections from this machine only; with one, from any. */
    private String host() {
        return user.isEmpty() ? "127.0.0.1" : "0.0.0.0";
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
