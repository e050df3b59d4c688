using System.Threading.Tasks;
using Folint.CSource.Engine;

namespace Folint.Cli.Lsp;

/// <summary>A tree's session and the background build of its index, which every check of the tree waits for.</summary>
internal sealed record IndexedTree(TreeSession Session, Task Ready);
