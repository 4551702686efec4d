package jp.jukinet.cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/**
 * Registers the synthetic population the way a municipality's system would: 出生 registrations at
 * each person's CS, in batches of 500 through the gateway with the clerk's certificate
 * ({@code POST …/notifications/batch}), so that every resident is numbered by J-LIS and reaches
 * the prefecture and national servers through the real notice chain. Each registration carries an
 * Idempotency-Key derived from the seed and the person, so an interrupted seeding that is started
 * again registers nobody twice.
 */
final class PopulationSeeder {

    /** One line of a batch registration: a birth as the clerks' API takes it, with its Idempotency-Key. */
    record BatchLine(String idempotencyKey, String type, LocalDate effectiveDate, LocalDate notifiedDate,
                     PersonBody person) {
    }

    record PersonBody(PersonName name, LocalDate dateOfBirth, Sex sex, Address address) {
    }

    /** Batches in flight at once: enough to keep both tiers busy, few enough not to queue at the CSs. */
    private static final int CONCURRENCY = 4;
    /** A CS numbers and commits up to 500 new residents together. */
    private static final int LINES_PER_REQUEST = 500;
    private static final int ATTEMPTS = 5;
    private static final org.springframework.http.MediaType NDJSON = org.springframework.http.MediaType.parseMediaType("application/x-ndjson");
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ClusterClients clients;
    private final long seed;
    private final PrintStream out;

    PopulationSeeder(ClusterClients clients, long seed, PrintStream out) {
        this.clients = clients;
        this.seed = seed;
        this.out = out;
    }

    /** The Idempotency-Key of person {@code index} of {@code municipality}. */
    static String idempotencyKey(long seed, String municipality, int index) {
        return "seed-" + seed + "-" + municipality + "-" + index;
    }

    /** The birth registration of {@code person}, under their Idempotency-Key. */
    private BatchLine line(Population.Person person, LocalDate today) {
        LocalDate notified = person.dateOfBirth().plusDays(person.index() % 14);
        if (notified.isAfter(today)) {
            notified = today;
        }
        return new BatchLine(idempotencyKey(seed, person.municipality(), person.index()), "BIRTH", person.dateOfBirth(),
                notified, new PersonBody(person.name(), person.dateOfBirth(), person.sex(), person.address()));
    }

    /** What the CS answered for one line. */
    record Answer(long line, String idempotencyKey, int status, tools.jackson.databind.JsonNode problem) {
    }

    /** Registers {@code total} people, spread over the municipalities; returns when every CS has answered for each. */
    void seed(int total, LocalDate today) {
        Population population = new Population(seed);
        int[] shares = Population.shares(total);
        List<List<Population.Person>> requests = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            List<Population.Person> people = population.people(Topology.MUNICIPALITIES.get(i).code(), shares[i]);
            for (int from = 0; from < people.size(); from += LINES_PER_REQUEST) {
                requests.add(people.subList(from, Math.min(people.size(), from + LINES_PER_REQUEST)));
            }
        }
        java.util.Map<String, RestClient> clerks = new java.util.HashMap<>();
        for (Topology.Municipality municipality : Topology.MUNICIPALITIES) {
            clerks.put(municipality.code(), clients.as("clerk-" + municipality.code()));
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        Instant started = Instant.now();
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY, runnable -> {
            Thread thread = new Thread(runnable, "seed");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> results = new ArrayList<>();
            for (List<Population.Person> request : requests) {
                results.add(workers.submit(() -> {
                    register(clerks.get(request.get(0).municipality()), request, today);
                    int count = done.addAndGet(request.size());
                    if (count / 5_000 > reported.get() && reported.updateAndGet(r -> Math.max(r, count / 5_000)) > 0) {
                        out.printf("  %,d of %,d registered (%.0f/s)%n", count, total,
                                count / Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ClusterException cluster ? cluster
                    : new ClusterException("seeding the population failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while seeding the population", e);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Registers one batch; lines the CS could not take for now are sent again (their keys make that safe). */
    private void register(RestClient clerk, List<Population.Person> people, LocalDate today) {
        String municipality = people.get(0).municipality();
        List<Population.Person> pending = people;
        for (int attempt = 1; ; attempt++) {
            StringBuilder body = new StringBuilder(pending.size() * 400);
            for (Population.Person person : pending) {
                body.append(JSON.writeValueAsString(line(person, today))).append('\n');
            }
            List<Population.Person> retry = new ArrayList<>();
            try {
                String answers = clerk.post().uri("/api/v1/municipalities/{lg}/notifications/batch", municipality)
                        .contentType(NDJSON)
                        .accept(NDJSON)
                        .body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .retrieve()
                        .body(String.class);
                List<String> lines = answers == null ? List.of() : answers.lines().filter(line -> !line.isBlank()).toList();
                if (lines.size() != pending.size()) {
                    throw new ClusterException("the CS of " + municipality + " answered " + lines.size() + " lines for "
                            + pending.size() + " notifications");
                }
                for (int i = 0; i < lines.size(); i++) {
                    Answer answer = JSON.readValue(lines.get(i), Answer.class);
                    if (answer.status() == 201) {
                        continue;
                    }
                    if (!retryable(HttpStatusCode.valueOf(answer.status()))) {
                        throw new ClusterException("the CS of " + municipality + " refused seeded person "
                                + answer.idempotencyKey() + ": " + answer.problem());
                    }
                    retry.add(pending.get(i));
                }
            } catch (RestClientResponseException e) {
                if (!retryable(e.getStatusCode())) {
                    throw new ClusterException("the CS of " + municipality + " refused a batch of the population: "
                            + e.getStatusCode() + " " + e.getResponseBodyAsString(), e);
                }
                retry = pending;
            } catch (org.springframework.web.client.ResourceAccessException e) {
                retry = pending;
            }
            if (retry.isEmpty()) {
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new ClusterException("the CS of " + municipality + " could not take " + retry.size()
                        + " residents after " + ATTEMPTS + " attempts; see the log");
            }
            pending = retry;
            try {
                Thread.sleep(500L * attempt); // back off before sending the same idempotent lines again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while seeding the population", e);
            }
        }
    }

    private static boolean retryable(HttpStatusCode status) {
        return status.value() == 503 || status.value() == 429 || status.value() == 502 || status.value() == 504;
    }
}
