package io.ratelimiter.loadtest.report;

import java.util.List;

/**
 * What one client got from one limit: admitted and denied answers per window (windows of the limit's length, the
 * first starting when the client's first request under this policy left, each answer counted in the window it
 * arrived in), and the most admissions certainly inside one window, against the most the algorithm may admit.
 *
 * @param bound            the most admissions the policy's algorithm may allow in any interval of one window
 * @param densestWindow    the most admitted requests certainly inside one window, in order of sending (see
 *                         {@link Accounting}): what an over-admission is shown by
 */
public record ClientAccount(String client, Quota quota, long bound, List<Window> windows, List<Exchange> densestWindow,
                            long firstSentNanos) {

    public ClientAccount {
        windows = List.copyOf(windows);
        densestWindow = List.copyOf(densestWindow);
    }

    /** One window of the client; complete when the client was still sending when it ended. */
    public record Window(int index, long startNanos, int admitted, int denied, boolean complete) {
    }

    /** The most admissions certainly inside one window of the limit. */
    public int mostCertainlyInOneWindow() {
        return densestWindow.size();
    }

    /** Requests admitted beyond what the algorithm allows in one window (0 when the limit held). */
    public long overAdmitted() {
        return Math.max(0, mostCertainlyInOneWindow() - bound);
    }

    public int admitted() {
        return windows.stream().mapToInt(Window::admitted).sum();
    }

    public int denied() {
        return windows.stream().mapToInt(Window::denied).sum();
    }

    public List<Window> completeWindows() {
        return windows.stream().filter(Window::complete).toList();
    }
}
