package dev.mcs.service.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class QuotaPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Quotas.class)
            .withPropertyValues("mcs.quota.storage-bytes=1GB", "mcs.quota.concurrent-jobs=2",
                    "mcs.quota.queued-jobs=10", "mcs.quota.requests-per-second=5", "mcs.quota.burst-seconds=2");

    @ParameterizedTest
    @ValueSource(strings = {"mcs.quota.concurrent-jobs=0", "mcs.quota.queued-jobs=-1",
        "mcs.quota.requests-per-second=0", "mcs.quota.burst-seconds=0.01", "mcs.quota.storage-bytes=",
        "mcs.quota.over-concurrent-jobs=wait"})
    void an_impossible_default_limit_stops_the_start(String setting) {
        context.withPropertyValues(setting).run(started -> assertThat(started).hasFailed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcs.quota.queued-jobs=0", "mcs.quota.storage-bytes=0B", "mcs.quota.over-concurrent-jobs=reject"})
    void zero_waiting_jobs_or_bytes_are_allowed_limits(String setting) {
        context.withPropertyValues(setting).run(started -> assertThat(started).hasNotFailed());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 50})
    void a_tenants_burst_is_its_rate_times_the_burst_seconds_and_its_overrides_win(int rate) {
        context.run(started -> {
            QuotaProperties defaults = started.getBean(QuotaProperties.class);
            TenantLimits own = TenantLimits.of(new LimitOverrides(null, null, 7, rate), defaults);
            assertThat(own.requestsPerSecond()).isEqualTo(rate);
            assertThat(own.burst()).isEqualTo(2 * rate);
            assertThat(own.queuedJobs()).isEqualTo(7);
            assertThat(own.concurrentJobs()).isEqualTo(2);
            assertThat(own.storageBytes()).isEqualTo(1L << 30);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QuotaProperties.class)
    static class Quotas {}
}
