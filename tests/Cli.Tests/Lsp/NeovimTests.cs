using System;
using System.IO;
using System.Threading.Tasks;

namespace Folint.Cli.Tests.Lsp;

/// <summary>
/// Neovim's built-in LSP client (Debian's neovim, headless) against folint lsp on the sample tree: the diagnostic
/// where a vim user sees it, and the quick fix applied through Neovim's own workspace-edit code. The checks are in
/// tests/neovim/lsp.lua; scripts/test installs neovim.
/// </summary>
public sealed class NeovimTests
{
    [Fact]
    public async Task Neovim_ShowsTheFOL000Diagnostic_AndAppliesItsQuickFix()
    {
        var script = Path.Combine(NodeClientTests.Repository, "tests", "neovim", "lsp.lua");

        NodeClientTests.ProcessRun run;
        try
        {
            run = await NodeClientTests.Run("nvim", NodeClientTests.Repository, TimeSpan.FromMinutes(2), "--headless", "--clean", "-c", "luafile " + script);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("nvim is not installed: install Debian's neovim package (scripts/test does)");
            return;
        }

        Assert.True(run.ExitCode == 0, $"nvim exited {run.ExitCode}:\n{run.Output}");
        Assert.Contains("neovim: all checks passed", run.Output);
    }
}
