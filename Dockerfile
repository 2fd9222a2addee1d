# syntax=docker/dockerfile:1
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Earshot image: build with the Maven wrapper on a JDK, run on a JRE as a non-root user.
#   docker build -t earshot .
#   docker run -p 8080:8080 -v earshot-data:/data earshot            (serve)
#   docker run -v "$PWD/demo-data:/in:ro" earshot train --data /in --out /app/models

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first: this layer is rebuilt only when the pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && cp target/earshot.jar /earshot.jar

FROM eclipse-temurin:17-jre
# curl for the health check; libgomp1 is the OpenMP runtime XGBoost's native library links to;
# fontconfig and a font so the Java2D charts (visualizations) can draw their labels.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libgomp1 fontconfig fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 earshot \
 && useradd --system --uid 10001 --gid earshot --home-dir /app --shell /usr/sbin/nologin earshot \
 && mkdir -p /app/models /app/conf /data \
 && chown earshot:earshot /app /app/models /data

WORKDIR /app
COPY --from=build /earshot.jar /app/earshot.jar
COPY --chown=earshot:earshot models/ /app/models/
# conf/config.json is optional (every setting has a default); the glob lets BuildKit skip it.
COPY con[f] /app/conf/

# A class-data-sharing archive of the classes Earshot loads (docs/PERFORMANCE.md, "Start-up"),
# made here, on the runtime JVM and the jar at its final path: an archive fits only those. The
# entry point uses it with -Xshare:auto, so a missing or stale one is skipped, never fatal.
COPY scripts/cds-archive.sh /tmp/cds/
COPY src/test/resources/audio/bench/clip5s.mp3 src/test/resources/audio/tone440-8000-ulaw.wav /tmp/cds/
RUN /tmp/cds/cds-archive.sh --jar /app/earshot.jar --out /app/earshot.jsa --model /app/models \
      /tmp/cds/clip5s.mp3 /tmp/cds/tone440-8000-ulaw.wav \
 && rm -rf /tmp/cds

# Heap follows the container's memory limit; an OOM kills the JVM so the orchestrator
# restarts it, instead of leaving a half-working instance behind the balancer.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    HOST=0.0.0.0 \
    PORT=8080 \
    MODEL_DIR=/app/models \
    DATA_DIR=/data

# Shipped model and uploaded clips outlive the container.
VOLUME ["/app/models", "/data"]
USER earshot
EXPOSE 8080

HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8080}/api/v1/health/live" || exit 1

# JVM warnings (a stale archive, say) go to stderr, so a CLI command's JSON on stdout stays clean.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/earshot.jsa", "-Xshare:auto", \
            "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar", "/app/earshot.jar"]
CMD ["serve"]
