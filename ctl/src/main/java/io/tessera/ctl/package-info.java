/**
 * The cluster lifecycle tool ({@link io.tessera.ctl.TesseraCtl}, {@code ./tessera}) and the embedded ZooKeeper
 * process ({@link io.tessera.ctl.ZooKeeperMain}).
 *
 * <p>ctl is the packaging point: its classpath is the distribution, and every node runs on it. It talks to the
 * nodes only through their entry points (main class, {@code --home}, {@code --name}), their pid files, their
 * ports and — for coordinators — a PostgreSQL handshake. {@link io.tessera.ctl.Cluster} owns the home and the
 * cluster file, {@link io.tessera.ctl.ClusterControl} start/stop/status, {@link io.tessera.ctl.Processes} the
 * "is this pid really that node" check, {@link io.tessera.ctl.Launcher} the detached launch and
 * {@link io.tessera.ctl.Probe} readiness. ctl keeps no state of its own between commands.
 */
package io.tessera.ctl;
