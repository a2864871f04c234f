/**
 * HTTP concerns shared by every feature: the RFC 9457 problem types the API answers with, the one exception
 * handler that maps errors to them, and the parts of the OpenAPI contract every operation shares (title and
 * version, the {@code Problem} schema, the error responses named by {@link dev.mcs.service.web.Problems}).
 */
package dev.mcs.service.web;
