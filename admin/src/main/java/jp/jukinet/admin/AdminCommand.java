package jp.jukinet.admin;

import picocli.CommandLine.Model.CommandSpec;

/** What every subcommand reaches: the root command, holding the options every subcommand inherits and the output. */
final class AdminCommand {

    private AdminCommand() {
    }

    static JukinetAdmin root(CommandSpec spec) {
        return (JukinetAdmin) spec.root().userObject();
    }
}
