package byteback.rsync.filter;

/**
 * The built-in list of names {@code -C} / the {@code C} rule modifier ignore, as documented for
 * rsync's {@code --cvs-exclude}. The receiver has no $HOME/.cvsignore or $CVSIGNORE of the
 * client's to add.
 */
final class CvsIgnore {
    static final String DEFAULT = "RCS SCCS CVS CVS.adm RCSLOG cvslog.* tags TAGS .make.state"
            + " .nse_depinfo *~ #* .#* ,* _$* *$ *.old *.bak *.BAK *.orig *.rej .del-* *.a *.olb"
            + " *.o *.obj *.so *.exe *.Z *.elc *.ln core .svn/ .git/ .hg/ .bzr/";

    private CvsIgnore() {}
}
