package io.protoflow.core.linalg;

import java.util.Locale;
import java.util.Optional;

/** Picks the {@link Kernels} implementation once per JVM. */
final class KernelSelection {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "io.protoflow.core.linalg.PanamaKernels";

    private static final Optional<Kernels> VECTOR = loadVector();

    static final Kernels SELECTED = select(System.getProperty(Kernels.PROPERTY));

    private KernelSelection() {}

    static Optional<Kernels> vector() {
        return VECTOR;
    }

    private static Optional<Kernels> loadVector() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Optional.empty();
        }
        try {
            // loaded only here, so a JVM without the module never links the Vector API
            return Optional.of(
                    (Kernels) Class.forName(VECTOR_CLASS).getDeclaredField("INSTANCE").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    static Kernels select(String property) {
        String choice = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "" -> vector().orElse(ScalarKernels.INSTANCE);
            case "scalar" -> ScalarKernels.INSTANCE;
            case "vector" ->
                    vector().orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    Kernels.PROPERTY
                                                            + "=vector but module "
                                                            + VECTOR_MODULE
                                                            + " is not present (start the JVM with"
                                                            + " --add-modules "
                                                            + VECTOR_MODULE
                                                            + ")"));
            default ->
                    throw new IllegalStateException(
                            Kernels.PROPERTY
                                    + " has invalid value '"
                                    + property
                                    + "', expected scalar or vector");
        };
    }
}
