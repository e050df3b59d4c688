using System.IO;
using System.Collections.Immutable;
using System.Linq;
using Folint.CSource.Normalization;

namespace Folint.CSource.Tests.Normalization;

public sealed class CompilationMacrosTests
{
    [Fact]
    public void Autoconf_DefinesWhatItLists_AndLeavesEveryOtherConfigSymbolUnset()
    {
        var header = Path.GetTempFileName();
        try
        {
            File.WriteAllText(header, "/* Automatically generated file; DO NOT EDIT. */\n#define CONFIG_MMU 1\n# define CONFIG_NR_CPUS 64\n#define CONFIG_ZRAM_MODULE 1\n#define CONFIG_LOCALVERSION \"\"\n#undef CONFIG_X86\n");

            var macros = CompilationMacros.Read(header, new[] { ("__KERNEL__", true), ("CONFIG_NR_CPUS", false) });

            Assert.True(macros.IsDefined("CONFIG_MMU"));
            Assert.True(macros.IsDefined("CONFIG_ZRAM_MODULE"));
            Assert.True(macros.IsDefined("CONFIG_LOCALVERSION"));
            Assert.True(macros.IsDefined("__KERNEL__"));
            Assert.False(macros.IsDefined("CONFIG_NR_CPUS")); // -U after the configuration wins
            Assert.False(macros.IsDefined("CONFIG_X86"));     // not #define'd: not set
            Assert.Null(macros.IsDefined("__GENKSYMS__"));    // not a config symbol, not on the command line: unknown
        }
        finally
        {
            File.Delete(header);
        }
    }

    [Fact]
    public void WithoutConfiguration_ConfigSymbolsAreUnknown_AndIdentitiesDiffer()
    {
        var none = CompilationMacros.Read(null, new[] { ("CONFIG_MMU", true) });

        Assert.True(none.IsDefined("CONFIG_MMU"));
        Assert.Null(none.IsDefined("CONFIG_NUMA"));
        Assert.NotEqual(CompilationMacros.None.Identity(), none.Identity());
    }

    [Fact]
    public void ConfiguredGroup_KeepsTheBranchTheCompilerKeeps_EvenWhereTreeSitterCouldParseBoth()
    {
        const string source =
            "#ifdef CONFIG_NUMA\nint numa_only(void) { return 1; }\n#else\nint flat_only(void) { return 0; }\n#endif\n" +
            "#if !IS_ENABLED(CONFIG_SWAP)\nint no_swap(void) { return 0; }\n#endif\n";
        var numa = new CompilationMacros(new[] { "CONFIG_NUMA" }.ToImmutableHashSet(), System.Collections.Immutable.ImmutableHashSet<string>.Empty, "autoconf.h");

        using var configured = new Normalized(source, new Normalizer(Normalizer.Default.Hints, numa));
        using var plain = new Normalized(source);

        Assert.Contains("numa_only", configured.Text);
        Assert.DoesNotContain("flat_only", configured.Text);
        Assert.Contains("no_swap", configured.Text); // CONFIG_SWAP is not in the configuration: !IS_ENABLED() holds
        Assert.Equal(source.Length, configured.Text.Length);
        Assert.Contains("flat_only", plain.Text);
        Assert.Contains("numa_only", plain.Text);
    }
}
