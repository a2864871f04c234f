package dev.mcs.service.security;

import dev.mcs.service.storage.StorageProperties;
import dev.mcs.service.tenant.Role;
import dev.mcs.service.tenant.Tenant;
import dev.mcs.service.tenant.TenantService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Secure by default: on a database without any key, creates one admin key for the default tenant and writes it,
 * alone, to a file in the storage root that only the service's user can read. The log names the file, never the key.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final AuthProperties auth;
    private final ApiKeys keys;
    private final TenantService tenants;
    private final TransactionTemplate tx;
    private final Path file;

    BootstrapAdminKey(AuthProperties auth, ApiKeys keys, TenantService tenants, TransactionTemplate tx,
            StorageProperties storage) {
        this.auth = auth;
        this.keys = keys;
        this.tenants = tenants;
        this.tx = tx;
        this.file = storage.root().resolve(auth.bootstrapKeyFile()).toAbsolutePath().normalize();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (auth.mode() == AuthProperties.Mode.DISABLED) {
            log.warn("authentication is DISABLED (MCS_AUTH=disabled): every request acts as the default tenant's"
                    + " admin; the server listens on loopback only");
            return;
        }
        // The default tenant's row lock makes two instances starting on a fresh database create one key, not two.
        Boolean created = tx.execute(status -> {
            tenants.lock(Tenant.DEFAULT_ID);
            if (keys.anyExists()) {
                return false;
            }
            write(keys.create(new KeyRequest(Tenant.DEFAULT_ID, "bootstrap-admin", Role.ADMIN, null)).key());
            return true;
        });
        if (Boolean.TRUE.equals(created)) {
            log.info("created the first admin API key; it is in {} (mode 600). Create tenants and keys with it,"
                    + " then delete the file", file);
        }
    }

    /** Temp file created with owner-only permissions, then renamed over: no moment where others could read it. */
    private void write(String key) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".admin-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, key, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the first admin key to " + file, e);
        }
    }
}
