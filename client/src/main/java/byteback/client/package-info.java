/**
 * The client jar: byteback-backup, byteback-restore and byteback-setup-client (../shared/SPEC.md
 * section 8). No issue has asked for it yet; the module exists so the build has its final shape.
 */
package byteback.client;
