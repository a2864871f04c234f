package dev.mcs.service.launch;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Probes the platform once at start, logs which worker protections are active and shows them in /actuator/info. */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    WorkerSandbox workerSandbox(SandboxProperties properties) {
        WorkerSandbox sandbox = new WorkerSandbox(properties,
                properties.enabled() ? SandboxPlatform.probe() : SandboxPlatform.none());
        sandbox.logProtections();
        return sandbox;
    }

    @Bean
    InfoContributor workerSandboxInfo(WorkerSandbox sandbox) {
        return builder -> builder.withDetail("workerSandbox", sandbox.protections());
    }
}
