/**
 * {@code proxyctl convert}: rewriting a configuration as v3 YAML while keeping the user's comments where the
 * tree rewrite allows. {@link io.proxyctl.config.convert.YamlComments} reads the comments of the original text,
 * {@link io.proxyctl.config.convert.CommentPlacer} puts each one back before (or after) the output entry that
 * came from the line it belonged to. Pure: text in, text out.
 */
package io.proxyctl.config.convert;
