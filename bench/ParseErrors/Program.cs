using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Folint.CSource.Interop;
using Folint.CSource.Normalization;

// Usage: ParseErrors [--explain raw|normalized] [--fewer] [--lost] [--rewrites] [--normalize-only ROUNDS] [--hints FILE] [--dump DIR] PATH...
//   PATH: directories (walked for *.c and *.h, sorted) or files.
// --lost lists the raw parse's function definitions (with a function declarator, outside any other) that the
// normalized parse does not have.
// --rewrites prints every rewrite: position, kind, macro, original and normalized text.
// --normalize-only ROUNDS times normalization alone (files in memory, after a warm-up round) and prints ms/MB.
// --fewer lists the files where normalizing lost function definitions the raw parse found.
// Prints, for the raw bytes and for the normalized bytes, the same counts bench/parse-only prints, and what
// normalizing cost. --explain lists every function definition with an ERROR/MISSING node and every top-level
// ERROR node (path:line:col, the construct, the source line), for the raw or the normalized parse.

var paths = new List<string>();
string? explain = null;
string? hintsFile = null;
string? dump = null;
var fewer = false;
var lost = false;
var showRewrites = false;
var normalizeRounds = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--explain" when i + 1 < args.Length: explain = args[++i]; break;
        case "--hints" when i + 1 < args.Length: hintsFile = args[++i]; break;
        case "--dump" when i + 1 < args.Length: dump = args[++i]; break;
        case "--fewer": fewer = true; break;
        case "--lost": lost = true; break;
        case "--rewrites": showRewrites = true; break;
        case "--normalize-only" when i + 1 < args.Length && int.TryParse(args[i + 1], out normalizeRounds): i++; break;
        case var a when a.StartsWith("--", StringComparison.Ordinal):
            Console.Error.WriteLine($"ParseErrors: unknown option '{a}'. Usage: ParseErrors [--explain raw|normalized] [--fewer] [--lost] [--rewrites] [--normalize-only ROUNDS] [--hints FILE] [--dump DIR] PATH...");
            return 2;
        default: paths.Add(args[i]); break;
    }
}
if (paths.Count == 0 || explain is not (null or "raw" or "normalized"))
{
    Console.Error.WriteLine("usage: ParseErrors [--explain raw|normalized] [--fewer] [--lost] [--rewrites] [--normalize-only ROUNDS] [--hints FILE] [--dump DIR] PATH...");
    return 2;
}

Normalizer normalizer;
try
{
    normalizer = hintsFile is null ? Normalizer.Default : new Normalizer(MacroHints.Load(hintsFile));
}
catch (Folint.CSource.Knowledge.RulesLoadException e)
{
    Console.Error.WriteLine($"ParseErrors: {e.Message}");
    return 1;
}

var files = new List<string>();
foreach (var path in paths)
{
    if (Directory.Exists(path))
        files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    else if (File.Exists(path))
        files.Add(path);
    else
        Console.Error.WriteLine($"ParseErrors: {path}: no such file or directory");
}

if (normalizeRounds > 0)
    return NormalizeOnly(normalizer, files, normalizeRounds);

using var parser = new CParser();
var raw = ParseCensus.Empty;
var normalized = ParseCensus.Empty;
long bytes = 0, rewrites = 0;
var rawSeconds = 0.0;
var normalizedSeconds = 0.0;
var normalizeSeconds = 0.0;
var byKind = new Dictionary<RewriteKind, int>();
var rawFilesWithError = 0;
var normalizedFilesWithError = 0;
var sites = explain is null ? null : new List<ErrorSite>();
var clock = new Stopwatch();

foreach (var file in files)
{
    var source = File.ReadAllBytes(file);
    bytes += source.Length;

    clock.Restart();
    var rawFunctions = 0;
    var rawNames = new List<string>();
    using (var tree = parser.Parse(source))
    {
        rawSeconds += clock.Elapsed.TotalSeconds;
        if (tree is null)
            continue;
        var census = ParseCensus.Of(tree, explain == "raw" ? sites : null);
        rawFunctions = census.Functions;
        if (lost)
            rawNames = FunctionNames(tree);
        raw = raw.Add(census);
        rawFilesWithError += tree.Root.HasError ? 1 : 0;
        if (explain == "raw")
            Explain(file, source, sites!);
    }

    clock.Restart();
    var result = normalizer.Normalize(source);
    normalizeSeconds += clock.Elapsed.TotalSeconds;
    rewrites += result.Rewrites.Length;
    if (showRewrites)
        ShowRewrites(file, source, result);
    foreach (var rewrite in result.Rewrites)
        byKind[rewrite.Kind] = byKind.GetValueOrDefault(rewrite.Kind) + 1;
    if (dump is not null)
    {
        var target = Path.Combine(dump, Path.GetFileName(file));
        Directory.CreateDirectory(dump);
        File.WriteAllBytes(target, result.Text);
    }

    clock.Restart();
    using (var tree = parser.Parse(result.Text))
    {
        normalizedSeconds += clock.Elapsed.TotalSeconds;
        if (tree is null)
            continue;
        var census = ParseCensus.Of(tree, explain == "normalized" ? sites : null);
        normalized = normalized.Add(census);
        if (lost)
        {
            var normalizedNames = FunctionNames(tree);
            foreach (var name in rawNames)
            {
                if (!normalizedNames.Remove(name))
                    Console.WriteLine($"{file}: lost function definition {name}");
            }
        }
        if (fewer && census.Functions < rawFunctions)
            Console.WriteLine($"{file}: {rawFunctions} function definitions raw, {census.Functions} normalized");
        normalizedFilesWithError += tree.Root.HasError ? 1 : 0;
        if (explain == "normalized")
            Explain(file, result.Text, sites!);
    }
}

var mb = bytes / 1e6;
Console.WriteLine($"files {files.Count}  bytes {bytes}");
Console.WriteLine($"{"",-11} {"functions",10} {"body-errors",12} {"ratio",7} {"def-errors",11} {"ratio",7} {"top-level",10} {"ERROR nodes",12} {"files w/ err",13} {"nested fns",11} {"parse MB/s",11}");
Row("raw", raw, rawFilesWithError, mb / rawSeconds);
Row("normalized", normalized, normalizedFilesWithError, mb / normalizedSeconds);
Console.WriteLine($"normalize: {normalizeSeconds:F3} s, {1000 * normalizeSeconds / mb:F2} ms/MB ({mb / normalizeSeconds:F0} MB/s), {rewrites} rewrites: "
    + string.Join(", ", byKind.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
return 0;

static void Row(string label, ParseCensus c, int filesWithError, double mbPerSecond) =>
    Console.WriteLine($"{label,-11} {c.Functions,10} {c.BodyErrors,12} {c.BodyErrorPercent,6:F2}% {c.DefinitionErrors,11} {c.DefinitionErrorPercent,6:F2}% {c.TopLevelErrors,10} {c.ErrorNodes,12} {filesWithError,13} {c.NestedFunctions,11} {mbPerSecond,11:F1}");

static void Explain(string file, byte[] text, List<ErrorSite> sites)
{
    foreach (var site in sites)
    {
        var at = site.Problem.StartPoint;
        var what = site.Kind switch
        {
            ErrorSiteKind.FunctionBody => $"body of {FunctionName(site.Owner)}",
            ErrorSiteKind.FunctionHeader => $"header of {FunctionName(site.Owner)}",
            _ => "top level",
        };
        var kind = site.Problem.IsMissing ? "MISSING " + site.Problem.Kind : site.Problem.Kind;
        Console.WriteLine($"{file}:{at.Row + 1}:{at.Column + 1}: {what}: {kind}: {Line(text, site.Problem.StartByte)}");
    }
    sites.Clear();
}

// Names of the function definitions outside any other whose declarator is a real function declarator.
static List<string> FunctionNames(SyntaxTree tree)
{
    var names = new List<string>();
    Visit(tree.Root, names);
    return names;

    static void Visit(SyntaxNode node, List<string> names)
    {
        if (node.Kind == "function_definition")
        {
            var declarator = node.ChildByField("declarator");
            while (!declarator.IsNull && declarator.Kind is "pointer_declarator" or "parenthesized_declarator" or "attributed_declarator")
                declarator = declarator.Kind == "parenthesized_declarator" ? declarator.NamedChild(0) : declarator.ChildByField("declarator");
            if (!declarator.IsNull && declarator.Kind == "function_declarator")
                names.Add(FunctionName(node));
            return;
        }
        foreach (var child in node.Children)
            Visit(child, names);
    }
}

// Steady-state cost of normalizing: files read into memory, one round to warm up, then the timed rounds.
static int NormalizeOnly(Normalizer normalizer, List<string> files, int rounds)
{
    var sources = files.Select(File.ReadAllBytes).ToList();
    var bytes = sources.Sum(s => (long)s.Length);
    foreach (var source in sources)
        normalizer.Normalize(source);
    var clock = Stopwatch.StartNew();
    for (var r = 0; r < rounds; r++)
    {
        foreach (var source in sources)
            normalizer.Normalize(source);
    }
    var seconds = clock.Elapsed.TotalSeconds / rounds;
    var mb = bytes / 1e6;
    Console.WriteLine($"normalize only: {files.Count} files, {mb:F1} MB, {seconds:F3} s a round ({rounds} rounds), {1000 * seconds / mb:F2} ms/MB, {mb / seconds:F0} MB/s");
    return 0;
}

static void ShowRewrites(string file, byte[] source, NormalizedSource result)
{
    var lines = Folint.Analyzer.Model.LineMap.FromBytes(source);
    foreach (var rewrite in result.Rewrites)
    {
        var at = lines.GetPosition(rewrite.Span.Start);
        var before = Encoding.UTF8.GetString(source, rewrite.Span.Start, rewrite.Span.Length).Replace("\n", "\\n");
        var after = Encoding.UTF8.GetString(result.Text, rewrite.Span.Start, rewrite.Span.Length).Replace("\n", "\\n");
        Console.WriteLine($"{file}:{at}: {rewrite.Kind} {rewrite.Macro}: [{Clip(before)}] -> [{Clip(after)}]");
    }

    static string Clip(string text) => text.Length <= 100 ? text : text[..97] + "...";
}

static string FunctionName(SyntaxNode function)
{
    var declarator = function.ChildByField("declarator");
    while (!declarator.IsNull && declarator.Kind != "identifier")
    {
        var inner = declarator.ChildByField("declarator");
        if (inner.IsNull)
            break;
        declarator = inner;
    }
    return declarator.IsNull ? "?" : declarator.Text;
}

static string Line(byte[] text, int offset)
{
    offset = Math.Min(offset, text.Length);
    var start = Array.LastIndexOf(text, (byte)'\n', Math.Max(0, offset - 1)) + 1;
    if (offset == 0)
        start = 0;
    var end = Array.IndexOf(text, (byte)'\n', offset);
    if (end < 0)
        end = text.Length;
    return Encoding.UTF8.GetString(text, start, end - start).Trim();
}
