/**
 * The v2 API: deciding whether a document uses it ({@link io.proxyctl.config.upgrade.V2Detector}) and rewriting
 * it as v3 ({@link io.proxyctl.config.upgrade.V2Upgrader}) with every change listed at its original position;
 * API version and extension name tables ({@link io.proxyctl.config.upgrade.ApiVersions}).
 */
package io.proxyctl.config.upgrade;
