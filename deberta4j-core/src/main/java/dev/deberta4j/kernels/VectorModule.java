package dev.deberta4j.kernels;

/**
 * The check that the JVM runs with the Vector API ({@code jdk.incubator.vector}, not resolved unless asked for).
 * The entry classes ({@code DebertaModel}, {@code TrainableModel}) call it when they are initialised, so a missing
 * flag is one clear error instead of a {@code NoClassDefFoundError: jdk/incubator/vector/Vector} from deep inside
 * a kernel.
 */
public final class VectorModule {
    static final String NAME = "jdk.incubator.vector";
    public static final String FLAG = "--add-modules " + NAME;

    private VectorModule() {
    }

    /** @throws MissingVectorModuleError when the module is not in the boot layer */
    public static void require() {
        if (ModuleLayer.boot().findModule(NAME).isEmpty()) throw new MissingVectorModuleError();
    }

    /**
     * An Error, so that class initialisation rethrows it as it is (an exception would arrive wrapped in an
     * ExceptionInInitializerError without a message).
     */
    public static final class MissingVectorModuleError extends LinkageError {
        private static final long serialVersionUID = 1L;

        MissingVectorModuleError() {
            super("deberta4j needs the Vector API: start the JVM with " + FLAG
                    + " (java " + FLAG + " ...; Maven Surefire: <argLine>" + FLAG + "</argLine>; Gradle: "
                    + "jvmArgs '--add-modules', '" + NAME + "'; see the README's Java API section)");
        }
    }
}
