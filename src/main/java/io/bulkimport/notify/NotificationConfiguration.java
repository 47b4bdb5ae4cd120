package io.bulkimport.notify;

import io.bulkimport.pipeline.DaemonThreadFactory;
import io.bulkimport.store.ImportJobRepository;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the completion notifications from the {@code notify.*} properties: binds {@code importNotifier},
 * {@code webhookSigner}, {@code notificationRepository}, {@code notificationRedelivery} and
 * {@code notificationAddresses} for the routes of
 * {@code routes/notifications.camel.yaml}, and gives the {@code smtp}/{@code smtps} components the SMTP user and
 * password (so they are never part of an endpoint URI). Called from {@code BulkImportConfiguration}.
 */
public final class NotificationConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationConfiguration.class);

    private NotificationConfiguration() {
    }

    /**
     * @return the notifier the runner and the API tell about finished imports
     * @throws IllegalArgumentException when {@code notify.webhook-secret} is not {@code whsec_} + base64 (start-up stops)
     */
    public static ImportNotifier bind(CamelContext camelContext, DataSource dataSource, ImportJobRepository jobs) {
        Registry registry = camelContext.getRegistry();
        WebhookSigner signer = new WebhookSigner(property(camelContext, "notify.webhook-secret"));
        String webhookUrl = property(camelContext, "notify.webhook-url");
        String emailTo = property(camelContext, "notify.email-to");
        if (!webhookUrl.isEmpty() && !signer.signs()) {
            LOG.warn("notify.webhook-url is set but notify.webhook-secret is not: webhooks go out unsigned");
        }
        configureSmtp(camelContext, property(camelContext, "notify.smtp.username"), property(camelContext, "notify.smtp.password"));
        // a few threads, and a bounded queue: events wait here, never on an import's thread
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), new DaemonThreadFactory("notify"));
        ImportNotifier notifier = new ImportNotifier(jobs, camelContext,
                new ImportNotifier.Settings(baseUrl(camelContext), webhookUrl, emailTo), executor);
        registry.bind("importNotifier", notifier);
        registry.bind("notificationExecutor", executor);
        registry.bind("webhookSigner", signer);
        NotificationRepository repository = new NotificationRepository(dataSource);
        registry.bind("notificationRepository", repository);
        registry.bind("notificationRedelivery", (org.apache.camel.Processor) repository::redelivering);
        registry.bind("notificationAddresses", new NotificationAddresses(property(camelContext, "notify.allowed-hosts")));
        LOG.info("notifications: webhook {}{}, e-mail {}", webhookUrl.isEmpty() ? "none" : NotificationRepository.withoutSecrets(webhookUrl),
                signer.signs() ? " (signed)" : "", emailTo.isEmpty() ? "none" : emailTo);
        return notifier;
    }

    private static void configureSmtp(CamelContext camelContext, String username, String password) {
        if (username.isEmpty()) {
            return;   // no login: an empty user would still make Jakarta Mail try to authenticate
        }
        for (String scheme : new String[] {"smtp", "smtps"}) {
            MailComponent mail = camelContext.getComponent(scheme, MailComponent.class);
            mail.getConfiguration().setUsername(username);
            mail.getConfiguration().setPassword(password);
        }
    }

    private static String baseUrl(CamelContext camelContext) {
        String base = property(camelContext, "notify.base-url");
        return base.isEmpty() ? "http://localhost:" + property(camelContext, "http.port") : base;
    }

    private static String property(CamelContext camelContext, String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key).orElse("").strip();
    }
}
