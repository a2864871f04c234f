package dev.mcs.service.security;

import dev.mcs.service.tenant.TenantService;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * The one filter chain: stateless bearer keys (no sessions, cookies or CSRF tokens to steal), health, the API
 * description and the dashboard's static files open, admin endpoints for admin keys, everything else for any valid
 * key; then the tenant's rate limit.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The dashboard's files (docs/dashboard.md), and only them: a new static path must be listed here. */
    static final String[] DASHBOARD_ASSETS = {"/", "/index.html", "/app/**", "/webjars/uplot/**"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties auth, ApiKeys keys, RateBuckets buckets,
            TenantService tenants, ObjectMapper json, Environment environment) throws Exception {
        LoopbackGuard.check(auth.mode(), environment.getProperty("server.address"));
        ProblemResponses problems = new ProblemResponses(json);
        RateLimitFilter rateLimit = new RateLimitFilter(buckets, tenants, problems);
        OncePerRequestFilter authentication = auth.mode() == AuthProperties.Mode.DISABLED
                ? new LocalModeFilter() : new ApiKeyFilter(keys, problems, rateLimit);
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(SecurityConfiguration::rules)
                .addFilterBefore(new DatabaseOutageFilter(problems), SecurityContextHolderFilter.class)
                .addFilterBefore(authentication, AnonymousAuthenticationFilter.class)
                .addFilterBefore(rateLimit, ExceptionTranslationFilter.class);
        return http.build();
    }

    private static void rules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        // the request was authorized when it first came in; its async (SSE) and error dispatches carry no
        // credentials of their own
        rules.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                // the dashboard's static files hold no data; every datum it shows comes from the API with the key
                .requestMatchers(HttpMethod.GET, DASHBOARD_ASSETS).permitAll()
                .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                .anyRequest().authenticated();
    }
}
