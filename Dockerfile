# One image per module of the network: docker compose builds it with MODULE set to
# national-service, prefecture-service, cs-service, gateway or dev-pki.
# The build stage runs the project's own Maven wrapper; the runtime stage holds a JRE, curl for the
# health checks, and the module's executable jar. The process runs as an unprivileged user.

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl "${MODULE}" -am package -Dmaven.test.skip=true \
 && cp "${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT-exec.jar" /app.jar

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 jukinet \
 && mkdir /pki && chown jukinet /pki
# /pki is owned by the service user, so the named volume mounted there is too: the one-shot PKI job
# writes the certificates and keys as that user, and every node (the same user) can read its key
COPY --from=build /app.jar /app/app.jar
USER jukinet
WORKDIR /app
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
