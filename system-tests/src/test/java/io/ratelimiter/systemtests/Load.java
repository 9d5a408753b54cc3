package io.ratelimiter.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Clients in closed loops (each sends its next request when the last one is answered) until closed, every answer
 * kept with the moment it was sent, so a test can look at what happened before, during and after a fault.
 */
final class Load implements AutoCloseable {

    /** What one client does for one request: {@code client} is its number, {@code n} its request count so far. */
    interface Work {
        Http.Answer send(int client, long n);
    }

    record Sample(String kind, long sentAt, Http.Answer answer) {

        long answeredAt() {
            return sentAt + answer.nanos();
        }
    }

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients;

    private Load(int clients) {
        this.clients = Executors.newFixedThreadPool(clients);
    }

    /** {@code count} clients doing {@code work}, their samples labelled {@code kind}. */
    record Clients(String kind, int count, Work work) {
    }

    /** Starts {@code clients} clients doing {@code work}, labelled {@code kind}. */
    static Load start(int clients, String kind, Work work) {
        return of(List.of(new Clients(kind, clients, work)));
    }

    static Load of(Clients... clients) {
        return of(List.of(clients));
    }

    /** One load of several kinds, in one pool: a pool per kind would share the two cores less evenly. */
    static Load of(List<Clients> clients) {
        Load load = new Load(clients.stream().mapToInt(Clients::count).sum());
        clients.forEach(group -> load.add(group.count(), group.kind(), group.work()));
        return load;
    }

    private void add(int count, String kind, Work work) {
        for (int c = 0; c < count; c++) {
            int client = c;
            clients.execute(() -> {
                for (long n = 0; running.get(); n++) {
                    long sentAt = System.nanoTime();
                    samples.add(new Sample(kind, sentAt, work.send(client, n)));
                }
            });
        }
    }

    /** Samples of {@code kind} sent in [from, to) (System.nanoTime()). */
    List<Sample> sent(String kind, long from, long to) {
        return select(s -> s.kind().equals(kind) && s.sentAt() >= from && s.sentAt() < to);
    }

    List<Sample> select(Predicate<Sample> which) {
        List<Sample> selected = new ArrayList<>();
        for (Sample sample : samples) {
            if (which.test(sample)) {
                selected.add(sample);
            }
        }
        return selected;
    }

    List<Sample> all() {
        return new ArrayList<>(samples);
    }

    /** Stops the clients and waits for each one's last request to be answered. */
    @Override
    public void close() {
        running.set(false);
        clients.shutdown();
        try {
            if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a load client was still waiting for an answer after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
