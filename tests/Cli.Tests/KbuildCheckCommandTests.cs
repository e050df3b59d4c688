using System.IO;
using System.Linq;
using Folint.Tests.Doubles;

namespace Folint.Cli.Tests;

/// <summary>
/// folint as Kbuild's checker: the command line Kbuild builds (cmd_checksrc), the configuration deciding #ifdef
/// branches, Sparse's exit behaviour. scripts/kbuild-check runs it under a real `make C=2` on Debian's tree.
/// </summary>
public sealed class KbuildCheckCommandTests
{
    // A seed-003 helper in the branch CONFIG_MMU compiles (line 6) and another in the one it leaves out (line 16).
    private const string Probe =
        "#include <linux/mm.h>\n" +
        "void folint_probe(struct page *page, unsigned int nr);\n" +
        "#ifdef CONFIG_MMU\n" +
        "void folint_probe(struct page *page, unsigned int nr)\n" +
        "{\n" +
        "\tfor (;;) {\n" +
        "\t\tClearPageReserved(page);\n" +
        "\t\tif (--nr == 0)\n" +
        "\t\t\tbreak;\n" +
        "\t\t++page;\n" +
        "\t}\n" +
        "}\n" +
        "#else\n" +
        "void folint_probe(struct page *page, unsigned int nr)\n" +
        "{\n" +
        "\tdo {\n" +
        "\t\tSetPageReserved(page++);\n" +
        "\t} while (--nr);\n" +
        "}\n" +
        "#endif\n";

    // What Kbuild 6.12 passes for mm/page_counter.c on x86_64 defconfig (cut down; CONFIG_WERROR puts -Werror there).
    private static readonly string[] KbuildLine =
    {
        "-D__linux__", "-Dlinux", "-D__STDC__", "-Dunix", "-D__unix__", "-Wbitwise", "-Wno-return-void", "-Wno-unknown-attribute",
        "-D__x86_64__", "--arch=x86", "-mlittle-endian", "-m64", "-Wp,-MMD,mm/.page_counter.o.d", "-nostdinc",
        "-I./arch/x86/include", "-I./arch/x86/include/generated", "-I./include", "-I", "./include/uapi",
        "-include", "./include/linux/kconfig.h", "-D__KERNEL__", "-fmacro-prefix-map=./=", "-Werror", "-std=gnu11",
        "-isystem", "/usr/lib/gcc/x86_64-linux-gnu/12/include", "-O2", "-Wall", "-UMODULE",
        "-DKBUILD_MODFILE=\"mm/page_counter\"", "-DKBUILD_BASENAME=\"page_counter\"", "-D__KBUILD_MODNAME=kmod_page_counter", "mm/page_counter.c",
    };

    [Fact]
    public void KbuildLine_YieldsTheFile_TheIncludePaths_AndTheMacros()
    {
        var line = KbuildCompilerLine.Parse(KbuildLine);

        Assert.Equal(new[] { "mm/page_counter.c" }, line.Sources);
        Assert.Equal(new[] { "./arch/x86/include", "./arch/x86/include/generated", "./include", "./include/uapi", "/usr/lib/gcc/x86_64-linux-gnu/12/include" }, line.IncludeDirectories);
        Assert.Equal(new[] { "./include/linux/kconfig.h" }, line.ForcedIncludes);
        Assert.Contains(("__KERNEL__", true), line.Macros);
        Assert.Contains(("KBUILD_MODFILE", true), line.Macros);
        Assert.Contains(("MODULE", false), line.Macros);
        Assert.False(line.FindingsAreErrors); // -Werror is the compiler's (CONFIG_WERROR), not a request to fail on findings
        Assert.True(KbuildCompilerLine.Parse(KbuildLine.Append("-Wfolint-error").ToArray()).FindingsAreErrors);
    }

    [Fact]
    public void Configured_OnlyTheBranchTheConfigurationCompiles_IsReported_OnStderr_Exit0()
    {
        using var tree = ProbeTree(configuration: "#define CONFIG_MMU 1\n#define CONFIG_64BIT 1\n");

        var run = KbuildCheck(tree.Root, KbuildLine.SkipLast(1).Append("mm/folint_probe.c").ToArray());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        var warnings = Warnings(run.Error);
        Assert.Single(warnings);
        Assert.StartsWith("mm/folint_probe.c:6:2: warning: count-down loop over nr decrements before it tests", warnings[0]);
        Assert.EndsWith("[FOL004]", warnings[0]);
        Assert.Contains("mm/folint_probe.c:8:7: note: nr is decremented before it is tested", run.Error);
        Assert.DoesNotContain("folint: no findings", run.Error); // Sparse prints nothing but its diagnostics; so does this
    }

    [Fact]
    public void ConfigurationLeavesOutTheSymbol_TheElseBranch_IsReported()
    {
        using var tree = ProbeTree(configuration: "#define CONFIG_64BIT 1\n");

        var warnings = Warnings(KbuildCheck(tree.Root, "-I./include", "mm/folint_probe.c").Error);

        Assert.Single(warnings);
        Assert.StartsWith("mm/folint_probe.c:16:2: warning:", warnings[0]);
    }

    [Fact]
    public void NoConfiguration_EveryBranchIsChecked_AsCheckDoes()
    {
        using var tree = ProbeTree(configuration: null);

        var kbuild = Warnings(KbuildCheck(tree.Root, "-I./include", "mm/folint_probe.c").Error);
        var check = CliRunner.Run(tree.Root, Composition.Default, null, "check", "mm/folint_probe.c").Out.Split('\n').Where(l => l.Contains(": warning: ")).ToArray();

        Assert.Equal(new[] { 6, 16 }, kbuild.Select(LineOf));
        Assert.Equal(check, kbuild);
    }

    [Fact]
    public void CommandLineMacro_DecidesTheBranch_AndALaterUndefineWins()
    {
        using var tree = ProbeTree(configuration: null);

        Assert.Equal(new[] { 6 }, Warnings(KbuildCheck(tree.Root, "-DCONFIG_MMU", "mm/folint_probe.c").Error).Select(LineOf));
        Assert.Equal(new[] { 16 }, Warnings(KbuildCheck(tree.Root, "-DCONFIG_MMU=1", "-U", "CONFIG_MMU", "mm/folint_probe.c").Error).Select(LineOf));
    }

    [Fact]
    public void IsEnabled_IsTrueForAModuleSymbol()
    {
        using var tree = ProbeTree(configuration: "#define CONFIG_MMU_MODULE 1\n", condition: "#if IS_ENABLED(CONFIG_MMU)");

        Assert.Equal(new[] { 6 }, Warnings(KbuildCheck(tree.Root, "-I./include", "mm/folint_probe.c").Error).Select(LineOf));
        Assert.Equal(new[] { 16 }, Warnings(KbuildCheck(tree.Root, "-I./include", "-UCONFIG_MMU_MODULE", "mm/folint_probe.c").Error).Select(LineOf));
    }

    [Fact]
    public void WfolintError_FindingsPrintAsErrors_Exit1()
    {
        using var tree = ProbeTree(configuration: "#define CONFIG_MMU 1\n");

        var run = KbuildCheck(tree.Root, "-I./include", "-Wfolint-error", "mm/folint_probe.c");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mm/folint_probe.c:6:2: error: count-down loop", run.Error);
    }

    [Fact]
    public void WfolintError_CleanFile_Exit0()
    {
        using var tree = ProbeTree(configuration: "#define CONFIG_MMU 1\n");
        tree.Write("mm/clean.c", "void folint_clean(struct page *page)\n{\n\tSetPageReserved(page);\n}\n");

        var run = KbuildCheck(tree.Root, "-I./include", "-Wfolint-error", "mm/clean.c");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void ObjectTree_ConfigurationFromItsInclude_PathsRelativeToMakesDirectory()
    {
        // make O=../build: make runs in the object tree, which holds the configuration; the sources are elsewhere.
        using var tree = ProbeTree(configuration: null);
        var build = Path.Combine(tree.Root, "build");
        Directory.CreateDirectory(Path.Combine(build, "include", "generated"));
        File.WriteAllText(Path.Combine(build, "include", "generated", "autoconf.h"), "#define CONFIG_MMU 1\n");

        var run = KbuildCheck(build, "-I./include", "-I../include", "-include", "../include/linux/kconfig.h", "../mm/folint_probe.c");

        var warnings = Warnings(run.Error);
        Assert.Single(warnings);
        Assert.StartsWith("../mm/folint_probe.c:6:2: warning:", warnings[0]);
    }

    [Fact]
    public void NoCFile_Exit2_SaysHowKbuildRunsIt()
    {
        using var tree = ProbeTree(configuration: null);

        var run = KbuildCheck(tree.Root, "-I./include", "-O2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no C file among the arguments", run.Error);
        Assert.Contains("CHECK=\"folint kbuild-check\"", run.Error);
    }

    [Fact]
    public void OptionWithoutItsValue_Exit2_NamesTheOption()
    {
        using var tree = ProbeTree(configuration: null);

        var run = KbuildCheck(tree.Root, "mm/folint_probe.c", "-include");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("folint: -include: the option needs a value", run.Error);
    }

    private static TempTree ProbeTree(string? configuration, string condition = "#ifdef CONFIG_MMU")
    {
        var tree = new TempTree();
        tree.Write("mm/folint_probe.c", Probe.Replace("#ifdef CONFIG_MMU", condition));
        if (configuration is not null)
            tree.Write("include/generated/autoconf.h", configuration);
        return tree;
    }

    private static CliRun KbuildCheck(string currentDirectory, params string[] arguments) =>
        CliRunner.Run(currentDirectory, Composition.Default, null, new[] { "kbuild-check" }.Concat(arguments).ToArray());

    private static string[] Warnings(string error) =>
        error.Split('\n').Where(l => l.Contains(": warning: ") || l.Contains(": error: ")).ToArray();

    private static int LineOf(string line) => int.Parse(line.Split(':')[1]);
}
