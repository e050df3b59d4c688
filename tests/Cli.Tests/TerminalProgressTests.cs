using System;
using System.IO;
using Folint.CSource.Engine;

namespace Folint.Cli.Tests;

public sealed class TerminalProgressTests
{
    [Fact]
    public void ShortRun_ShowsNothing()
    {
        var error = new StringWriter();

        using (var progress = new TerminalProgress(error))
            progress.Report(new CheckProgress(CheckStage.Parsing, 1, 2));

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void LongRun_RedrawsOneLine_AndErasesItAtTheEnd()
    {
        var error = new StringWriter();

        using (var progress = new TerminalProgress(error, TimeSpan.Zero))
        {
            progress.Report(new CheckProgress(CheckStage.Parsing, 3, 3));
            progress.Report(new CheckProgress(CheckStage.Checking, 3, 3));
        }

        Assert.Equal("\rfolint: parsing 3/3 files\u001b[K\rfolint: checking 3/3 files\u001b[K\r\u001b[K", error.ToString());
    }
}
