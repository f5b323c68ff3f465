/** Shell completion: the bash/zsh script generated from the command tree, with proxyctl's additions. */
package io.proxyctl.cli.completion;
