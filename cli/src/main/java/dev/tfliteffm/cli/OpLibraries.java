package dev.tfliteffm.cli;

import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.OperatorLibrary;
import dev.tfliteffm.OperatorRegistration;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/**
 * {@code --op-library JAR} (repeatable): Java operators from jars, found with {@link ServiceLoader} as
 * {@link OperatorLibrary} providers, added to the interpreter options. The jars' class loaders stay open for
 * the life of the process, since interpreters call their operators until they close.
 */
final class OpLibraries {

    @Option(
            names = "--op-library",
            paramLabel = "JAR",
            description = "a jar of Java operators (dev.tfliteffm.OperatorLibrary services); repeatable")
    List<Path> jars = new ArrayList<>();

    /** {@code options} with every operator of every jar added. */
    InterpreterOptions apply(InterpreterOptions options) {
        if (jars.isEmpty()) {
            return options;
        }
        InterpreterOptions.Builder builder = options.toBuilder();
        for (Path jar : jars) {
            for (OperatorRegistration r : operators(jar)) {
                builder.addOperator(r.name(), r.version(), r.factory());
            }
        }
        return builder.build();
    }

    /** The operators of every {@link OperatorLibrary} that {@code jar} itself provides. */
    static List<OperatorRegistration> operators(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new CliException("--op-library " + jar + (Files.exists(jar) ? " is not a file" : " does not exist"));
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, OpLibraries.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new CliException("--op-library " + jar + ": " + e.getMessage(), e);
        }
        List<OperatorRegistration> found = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<OperatorLibrary> p :
                    ServiceLoader.load(OperatorLibrary.class, loader).stream().toList()) {
                if (p.type().getClassLoader() == loader) { // not the ones the CLI's own class path provides
                    found.addAll(p.get().operators());
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            throw new CliException("--op-library " + jar + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new CliException("--op-library " + jar + " provides no operators: list an implementation of "
                    + OperatorLibrary.class.getName() + " in META-INF/services/" + OperatorLibrary.class.getName());
        }
        return found;
    }
}
