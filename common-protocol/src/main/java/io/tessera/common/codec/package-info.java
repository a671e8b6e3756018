/**
 * Byte formats every role agrees on: {@link io.tessera.common.codec.RowCodec} (rows on the wire and in storage
 * values) and {@link io.tessera.common.codec.KeyCodec} (memcomparable keys and the datanode key layout), both
 * appending to a reusable {@link io.tessera.common.codec.ByteSink}. Changing either format changes stored data:
 * it needs a migration, not just a release.
 */
package io.tessera.common.codec;
