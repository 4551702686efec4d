# One image per module of the network: docker compose builds it with MODULE set to
# national-service, prefecture-service, cs-service, gateway, dev-pki or admin (the operator's tool).
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
 && mkdir -m 700 /pki && chown jukinet /pki
# A new named volume takes the owner and mode of the directory it is mounted on, if the image has
# one: /pki (every image) and the PKI job's key directories (KEY_DIRECTORIES, one per node, where it
# mounts each node's key volume) belong to the service user. The one-shot PKI job writes the
# certificates and keys as that user, and each node (the same user) reads its own from /pki.
ARG KEY_DIRECTORIES=""
RUN for directory in ${KEY_DIRECTORIES}; do \
      mkdir -p -m 700 "${directory}" && chown jukinet "${directory}"; \
    done
COPY --from=build /app.jar /app/app.jar
USER jukinet
WORKDIR /app
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
