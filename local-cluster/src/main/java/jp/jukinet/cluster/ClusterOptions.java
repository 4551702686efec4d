package jp.jukinet.cluster;

import java.nio.file.Path;

/**
 * How {@code ./jukinet start} was asked to run.
 *
 * @param varDirectory where the cluster keeps its state: {@code postgres/} (the data), {@code pki/}
 *                     (the dev CA and every certificate), {@code secrets/} (J-LIS's numbering key and
 *                     the database roles' passwords), {@code logs/}, the population marker, and
 *                     {@code network.properties} (where the nodes listen, for {@code ./jukinet admin})
 * @param population   how many residents to register on first start, through the notice chain
 * @param load         how many more residents to load by COPY straight into every tier's store on
 *                     first start ({@link BulkLoader}), before those registered
 * @param seed         the seed of the synthetic population
 * @param clean        throw away the state under {@code varDirectory} first
 * @param portOffset   added to every port (for a second cluster beside the first, or a test)
 */
record ClusterOptions(Path varDirectory, int population, int load, long seed, boolean clean, int portOffset) {

    static final int DEFAULT_POPULATION = 10_000;
    static final int MAX_POPULATION = 20_000_000;
    static final long DEFAULT_SEED = 2002;

    static final String USAGE = """
            usage: ./jukinet [start] [--population=N] [--load=N] [--seed=N] [--clean] [--var=DIR] [--port-offset=N]
                   ./jukinet cert <identity>...      issue a certificate of the dev CA, e.g. resident-12345678901
                   ./jukinet cert --revoke <identity>...   revoke its certificate: the gateway refuses it within seconds
                   ./jukinet admin <command>...     the operator's tool over the running network (./jukinet admin --help):
                                                    parked notices, outboxes, the retention purge, certificates
                   ./jukinet help

              start            start the whole network (the default); Ctrl-C stops it
              --population=N   residents registered on first start (default 10,000; up to 20,000,000)
              --load=N         residents loaded on first start by COPY straight into every tier (default 0;
                               up to 20,000,000): a network of a country's size in minutes, not hours
              --seed=N         seed of the synthetic population (default 2002)
              --clean          delete the network's data, certificates and secrets under DIR first
              --var=DIR        where the network keeps its state (default var)
              --port-offset=N  add N to every port (default 0: gateway 8443, national 8300, ...)
            """;

    ClusterOptions {
        if (population < 0 || population > MAX_POPULATION) {
            throw new IllegalArgumentException("--population must be between 0 and " + MAX_POPULATION + "; got " + population);
        }
        if (load < 0 || load > MAX_POPULATION) {
            throw new IllegalArgumentException("--load must be between 0 and " + MAX_POPULATION + "; got " + load);
        }
        new Topology(portOffset); // checks the offset
    }

    static ClusterOptions defaults() {
        return new ClusterOptions(Path.of("var"), DEFAULT_POPULATION, 0, DEFAULT_SEED, false, 0);
    }

    /** Reads the options of {@code start}; {@link IllegalArgumentException} names the bad one. */
    static ClusterOptions parse(java.util.List<String> arguments) {
        ClusterOptions options = defaults();
        for (String argument : arguments) {
            String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            String value = argument.contains("=") ? argument.substring(argument.indexOf('=') + 1) : null;
            options = switch (name) {
                case "--clean" -> options.with(options.varDirectory, options.population, options.load, options.seed, true, options.portOffset);
                case "--population" -> options.with(options.varDirectory, number(name, value), options.load, options.seed, options.clean, options.portOffset);
                case "--load" -> options.with(options.varDirectory, options.population, number(name, value), options.seed, options.clean, options.portOffset);
                case "--seed" -> options.with(options.varDirectory, options.population, options.load, (long) number(name, value), options.clean, options.portOffset);
                case "--var" -> options.with(Path.of(required(name, value)), options.population, options.load, options.seed, options.clean, options.portOffset);
                case "--port-offset" -> options.with(options.varDirectory, options.population, options.load, options.seed, options.clean, number(name, value));
                default -> throw new IllegalArgumentException("unknown option " + argument);
            };
        }
        return options;
    }

    ClusterOptions withPopulation(int population) {
        return with(varDirectory, population, load, seed, clean, portOffset);
    }

    ClusterOptions withLoad(int load) {
        return with(varDirectory, population, load, seed, clean, portOffset);
    }

    ClusterOptions withClean(boolean clean) {
        return with(varDirectory, population, load, seed, clean, portOffset);
    }

    private ClusterOptions with(Path varDirectory, int population, int load, long seed, boolean clean, int portOffset) {
        return new ClusterOptions(varDirectory, population, load, seed, clean, portOffset);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value, e.g. " + name + "=...");
        }
        return value;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(required(name, value).replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number; got '" + value + "'");
        }
    }

    Path pkiDirectory() {
        return varDirectory.resolve("pki");
    }

    Path postgresDirectory() {
        return varDirectory.resolve("postgres");
    }

    Path secretsDirectory() {
        return varDirectory.resolve("secrets");
    }

    Path logDirectory() {
        return varDirectory.resolve("logs");
    }

    /** Where the nodes listen, for {@code ./jukinet admin} (written on every start). */
    Path networkDescription() {
        return varDirectory.resolve(jp.jukinet.admin.NetworkDescription.FILE_NAME);
    }

    Path populationMarker() {
        return varDirectory.resolve("population.properties");
    }
}
