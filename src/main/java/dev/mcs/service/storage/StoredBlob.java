package dev.mcs.service.storage;


/**
 * A blob that has been written completely.
 *
 * @param key server-generated key
 * @param sizeBytes size in bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record StoredBlob(String key, long sizeBytes, String sha256) {}
