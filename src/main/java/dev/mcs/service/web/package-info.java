/**
 * HTTP concerns shared by every feature: the RFC 9457 problem types the API answers with and the
 * one exception handler that maps errors to them.
 */
package dev.mcs.service.web;
