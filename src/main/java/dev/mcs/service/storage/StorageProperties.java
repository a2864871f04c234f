package dev.mcs.service.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Storage settings.
 *
 * @param root directory holding blobs, temporary files and worker directories
 * @param maxUploadSize largest model or dataset upload accepted
 */
@ConfigurationProperties("mcs.storage")
public record StorageProperties(Path root, DataSize maxUploadSize) {}
