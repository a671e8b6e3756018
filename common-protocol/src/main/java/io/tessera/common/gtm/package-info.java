/**
 * The GTM client shared by coordinators and datanodes ({@link io.tessera.common.gtm.GtmClient}): timestamps and
 * GXIDs with concurrent requests combined into one RPC, and the GTM's compare-and-set transaction decisions
 * (one RPC each). Its tests run against the real GTM in the gtm module (which depends on this one), not here.
 */
package io.tessera.common.gtm;
