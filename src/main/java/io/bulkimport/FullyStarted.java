package io.bulkimport;

import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;

/**
 * Runs a piece of wiring once the Camel context has fully started ({@link StartupListener#onCamelContextFullyStarted}):
 * when every route runs and the platform-http router exists, so an API can be mounted on it, and when work that
 * should not hold up start-up (a measurement) can begin.
 */
public final class FullyStarted implements StartupListener {

    private final Consumer<CamelContext> action;

    private FullyStarted(Consumer<CamelContext> action) {
        this.action = action;
    }

    /**
     * @param action given the started context; what it throws reaches Camel's start-up like any listener's failure
     * @throws Exception when the context refuses the listener
     */
    public static void then(CamelContext camelContext, Consumer<CamelContext> action) throws Exception {
        camelContext.addStartupListener(new FullyStarted(action));
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes have started, the HTTP router may not exist yet: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        action.accept(context);
    }
}
