package dev.mcs.service.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an operation answers with besides those every operation can give (401, 429, 500).
 * {@link ProblemResponsesCustomizer} documents each as an {@code application/problem+json} {@code Problem}, so a
 * generated client has a typed error for every status the operation really returns.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Problems {

    /** HTTP statuses, e.g. {@code {404, 409}}. */
    int[] value();
}
