/**
 * Constraints the coordinator enforces across datanodes: FOREIGN KEY ({@link
 * io.tessera.coordinator.sql.constraint.ForeignKeys}). UNIQUE and PRIMARY KEY are enforced by the datanodes' unique
 * indexes, which is why they must contain the distribution column; a foreign key's two tables may be distributed
 * any way, so its checks run as follow-up accesses of the writing statement, in its global transaction — or, for a
 * deferred DEFERRABLE one, at COMMIT ({@link io.tessera.coordinator.sql.constraint.DeferredConstraints}).
 */
package io.tessera.coordinator.sql.constraint;
