package dev.tfliteffm.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** {@code batch}'s progress on a terminal: a progress bar with items/s, the ETA and the failures so far. */
final class BarDisplay implements BatchDisplay {

    private final ProgressBar bar;

    BarDisplay(PrintStream err, long total) {
        bar = new ProgressBarBuilder()
                .setTaskName("batch")
                .setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUnit(" items", 1)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .build();
        bar.setExtraMessage(" 0 failed"); // the bar puts it right after the speed
    }

    @Override
    public void update(long done, long failed) {
        bar.stepTo(done);
        bar.setExtraMessage(" " + failed + " failed");
    }

    @Override
    public void close() {
        bar.close();
    }
}
