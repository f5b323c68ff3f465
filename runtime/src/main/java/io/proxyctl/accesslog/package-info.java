/**
 * Access loggers (file, stdout, stderr) with Envoy's text and JSON formats. Lines are formatted on the event loop
 * (the request state is only valid there) and written by one background thread.
 */
package io.proxyctl.accesslog;
