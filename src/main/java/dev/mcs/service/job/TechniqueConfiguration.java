package dev.mcs.service.job;

import dev.mcs.shared.technique.TechniqueCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The installed technique methods, as one bean that submission, commit and OpenAPI share. */
@Configuration(proxyBeanMethods = false)
class TechniqueConfiguration {

    @Bean
    TechniqueCatalog techniqueCatalog() {
        return TechniqueCatalog.installed();
    }
}
