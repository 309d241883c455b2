package io.protoflow.testing;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link EmbeddedKafkaBroker} per test JVM, on first use, and
 * injects it into constructor, {@code @BeforeAll} and test-method parameters of that type. Starting
 * a broker costs a few seconds, so all test classes share it; it is closed (and its temporary
 * directory deleted) when JUnit closes the root context's store at the end of the run. Tests keep
 * apart by using their own topic names.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class SnapshotPublisherIT {
 *     @Test
 *     void publishesSnapshots(EmbeddedKafkaBroker broker) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
    private static final String BROKER_KEY = "broker";

    /** Starts the shared broker before the first test class that uses it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(
            ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(
            ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker(extensionContext);
    }

    /**
     * The broker shared by every test of this JVM, started on the first call. The root store closes
     * it, since it is {@link AutoCloseable}, when the test run ends.
     */
    public static EmbeddedKafkaBroker broker(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        BROKER_KEY,
                        key -> EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults()),
                        EmbeddedKafkaBroker.class);
    }
}
