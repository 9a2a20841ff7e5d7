package dev.tfliteffm.cli;

import dev.tfliteffm.TensorFlowLite;
import dev.tfliteffm.nativelib.TfLiteLibrary;
import java.io.PrintStream;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code version}: the TFLite version, and where its native library was loaded from and how it was found. */
@Command(name = "version", description = "the TFLite version and where its library was loaded from")
final class VersionCommand extends Subcommand {

    /** {@code args} as a {@code version} to start without picocli (see {@link PlainArgs}), or null. */
    static VersionCommand plain(Main main, String[] args) {
        PlainArgs plain = PlainArgs.parse(args, "version", Set.of(), Set.of(), Set.of(), 0);
        if (plain == null) {
            return null;
        }
        VersionCommand version = new VersionCommand();
        version.main = main;
        version.help = new HelpOption();
        plain.applyTo(main);
        return version;
    }

    @Override
    public Integer call() {
        PrintStream out = main.out;
        TfLiteLibrary library = TensorFlowLite.library();
        out.println("TensorFlow Lite " + TensorFlowLite.version());
        out.println("library: " + library.location());
        out.println("found by: " + describe(library.source()));
        return 0;
    }

    private static String describe(TfLiteLibrary.Source source) {
        return switch (source) {
            case EXPLICIT_PATH ->
                "explicit path (" + TfLiteLibrary.PATH_PROPERTY + " / " + TfLiteLibrary.PATH_ENV + ")";
            case EXTRACTED -> "bundled platform jar, extracted now";
            case CACHED -> "bundled platform jar, extracted earlier";
            case SYSTEM -> "system library search path";
        };
    }
}
