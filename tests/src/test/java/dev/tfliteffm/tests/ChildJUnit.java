package dev.tfliteffm.tests;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs JUnit test classes in a child JVM, for tests whose failure mode could be a JVM crash (misuse of
 * native objects): a crash then fails the parent's test with the child's output instead of killing the
 * test run. Those classes are named {@code *Cases} so that Surefire does not also run them directly.
 */
public final class ChildJUnit {

    private ChildJUnit() {}

    /** Child side: runs the classes named in {@code args}; exits 0 only if all tests passed. */
    public static void main(String[] args) throws Exception {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : args) {
            request.selectors(selectClass(Class.forName(name)));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(discovery, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 25);
        System.out.println(
                "CHILD-JUNIT tests=" + summary.getTestsFoundCount() + " failed=" + summary.getTotalFailureCount());
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }

    /** Parent side: runs {@code testClass} in a child JVM and fails with its report unless all passed. */
    public static ChildJvm.Result run(Class<?> testClass) throws Exception {
        Process p = ChildJvm.start(ChildJUnit.class, Map.of(), Map.of(), ChildJvm.classPath(), testClass.getName());
        ChildJvm.Result r = ChildJvm.result(p, Duration.ofMinutes(5));
        return r.assertSuccess();
    }
}
