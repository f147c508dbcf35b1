/**
 * The server's own JVM: started as {@code java -jar byteback-server.jar serve} without options it
 * re-executes itself with frugal ones ({@link byteback.server.jvm.FrugalJvm}, {@link
 * byteback.server.jvm.Reexec}), gives memory back when connections end ({@link
 * byteback.server.jvm.IdleMemory}) and states its footprint ({@link byteback.server.jvm.Footprint}).
 */
package byteback.server.jvm;
