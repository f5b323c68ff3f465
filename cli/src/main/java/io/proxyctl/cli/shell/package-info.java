/**
 * {@code proxyctl shell}: a JLine loop over the same picocli command tree as the command line, with completion,
 * history and a remembered admin target. Never calls {@code System.exit}.
 */
package io.proxyctl.cli.shell;
