package dev.mcs.service.launch;

import java.time.Duration;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Probes the platform once at start, logs which worker protections are active and shows them in /actuator/info. */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    WorkerSandbox workerSandbox(SandboxProperties properties) {
        SandboxPlatform platform = properties.enabled() ? SandboxPlatform.probe() : SandboxPlatform.none();
        platform.pidsCgroup().ifPresent(parent -> CgroupReaper.removeStaleEmpty(parent, Duration.ofMinutes(10)));
        WorkerSandbox sandbox = new WorkerSandbox(properties, platform);
        sandbox.logProtections();
        return sandbox;
    }

    @Bean
    InfoContributor workerSandboxInfo(WorkerSandbox sandbox) {
        return builder -> builder.withDetail("workerSandbox", sandbox.protections());
    }
}
