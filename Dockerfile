# syntax=docker/dockerfile:1
# Build stage: the Maven wrapper builds the fat jar (tests run in CI, not here).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY db/ db/
COPY src/main/ src/main/
RUN ./mvnw -B -q -DskipTests package && cp target/model-compression-service-*.jar /app.jar

# Runtime stage: JRE only, non-root, data and DJL's native cache on volumes.
FROM eclipse-temurin:17-jre
RUN groupadd --system mcs && useradd --system --gid mcs --home-dir /home/mcs --create-home mcs \
    && mkdir -p /data /djl-cache && chown mcs:mcs /data /djl-cache
COPY --from=build /app.jar /opt/mcs/app.jar
USER mcs
ENV MCS_STORAGE_ROOT=/data \
    MCS_DJL_CACHE_DIR=/djl-cache \
    DJL_CACHE_DIR=/djl-cache \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true"
VOLUME ["/data", "/djl-cache"]
EXPOSE 8080
ENTRYPOINT ["java", "-Xmx512m", "-jar", "/opt/mcs/app.jar"]
