/**
 * Uploaded and produced models: upload with content-based format detection, listing, download
 * and deletion. Inspection itself runs in a worker process; this package only records its outcome.
 */
package dev.mcs.service.model;
