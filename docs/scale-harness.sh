#!/usr/bin/env bash
# The scale harness of issue #15 (docs/benchmarks.md, "Scale harness"): at each N it starts the local
# network on a durable PostgreSQL under local-cluster/target/scale-harness, loads N residents into every
# tier, and measures the load, single and batch lookups, the consistency check and the national rebuild,
# each beside its raw limit from the same run; the table goes to local-cluster/target/scale-harness.md.
#   docs/scale-harness.sh 100000              one N
#   docs/scale-harness.sh 100000,1000000      several, and how each figure grew
# Extra -D options after the sizes go to the harness (e.g. -Dbench.seconds=30). Not run by CI.
# 10M takes hours on two cores: the harness keeps each finished stage in local-cluster/target/scale-harness/
# (state.json, and the unfinished N's network), and with -Dbench.resume=true an interrupted run goes on
#   docs/scale-harness.sh 100000,1000000,10000000 -Dbench.resume=true
# -Dbench.state=FILE keeps the state elsewhere (relative to local-cluster/): a file outside target/ carries
# the figures of finished stages over a clean or to another machine; the network does not carry over, so
# the first stage not done there starts on empty stores (docs/benchmarks.md, "Scale harness").
# -Dbench.skip-stages="raw national" leaves a stage to an earlier run's figure (a session too short for all of them).
# Needs a JDK 17+, psql (Debian: postgresql-client) and ~6 GiB of disk per million residents.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null || { echo "scale-harness: psql is needed for the raw limits (Debian: apt-get install postgresql-client)" >&2; exit 2; }
sizes="${1:-100000}"
shift || true
# compiled in the reactor (no install): the harness runs on exactly these sources
./mvnw -B -q -pl local-cluster -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/scale-harness.classpath -Dmdep.includeScope=test -Djacoco.skip=true ${MAVEN_ARGS:-}
cd local-cluster
exec java ${JUKINET_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/scale-harness.classpath)" \
  -Djukinet.test.postgres.durable=true -Dbench.residents="$sizes" "$@" jp.jukinet.cluster.ScaleHarness
