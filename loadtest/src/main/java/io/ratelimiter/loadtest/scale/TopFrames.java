package io.ratelimiter.loadtest.scale;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's CPU went, from a Java Flight Recorder file: the methods most often on top of the sampled stacks
 * (their own time), and the project's and libraries' methods most often anywhere on them (time spent in them and what
 * they call), as {@code jfr print --events jdk.ExecutionSample} would let one count by hand.
 */
final class TopFrames {

    private TopFrames() {
    }

    static void print(PrintStream out, Path recording, int rows) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            RecordedStackTrace stack = event.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            self.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().map(TopFrames::name).filter(TopFrames::ours).distinct().forEach(name -> total.merge(name, 1, Integer::sum));
        }
        out.printf(Locale.ROOT, "%,d execution samples.%n%n", samples);
        out.println("| top of stack (self) | share |");
        out.println("|---|---:|");
        table(out, self, samples, rows);
        out.println();
        out.println("| limiter frames anywhere on the stack (self + what they call) | share |");
        out.println("|---|---:|");
        table(out, total, samples, rows);
    }

    private static void table(PrintStream out, Map<String, Integer> counts, int samples, int rows) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(entry -> out.printf(Locale.ROOT, "| `%s` | %.1f%% |%n", entry.getKey(), 100.0 * entry.getValue() / samples));
    }

    private static boolean ours(String frame) {
        return frame.startsWith("io.ratelimiter.limiter.");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
