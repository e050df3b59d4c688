using System.Collections.Generic;
using System.Threading.Tasks;
using Folint.Analyzer.Rules.Flags;

namespace Folint.Analyzer.Tests.Rules.Flags;

/// <summary>The memo of a run's recursive questions: cycles get the conservative answer, which is never kept for others.</summary>
public sealed class RunMemoTests
{
    [Fact]
    public void AnswerWithoutCycle_IsComputedOnce()
    {
        var memo = new RunMemo<string, int>();
        var computed = 0;

        var first = memo.Get("a", () => ++computed, -1);
        var second = memo.Get("a", () => ++computed, -1);

        Assert.Equal((1, 1, 1), (first, second, computed));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CycleGetsTheConservativeAnswer_AndEachMemberAnswersTheSameWhicheverIsAskedFirst(bool aFirst)
    {
        // a asks b, b asks a: asked first, each assumes the other's conservative answer (-100) only through itself
        var memo = new RunMemo<string, int>();
        int A() => memo.Get("a", () => B() + 10, -100);
        int B() => memo.Get("b", () => A() + 1, -100);

        var (a, b) = aFirst ? (A(), B()) : (0, B());
        if (!aFirst)
            a = A();

        // a = (b assuming a: -100 + 1) + 10; b = (a assuming b: -100 + 10) + 1
        Assert.Equal((-89, -89), (a, b));
        Assert.Equal((-89, -89), (A(), B()));
    }

    [Fact]
    public void NothingInACycle_IsKept()
    {
        var memo = new RunMemo<string, int>();
        var computedA = 0;
        var computedB = 0;
        int A() => memo.Get("a", () => { computedA++; return B() + 10; }, -100);
        int B() => memo.Get("b", () => { computedB++; return A() + 1; }, -100);

        A();
        A();

        Assert.Equal((2, 2), (computedA, computedB));
    }

    [Fact]
    public void QuestionAskingItselfDirectly_IsKept_AndSoIsItsCaller()
    {
        var memo = new RunMemo<string, int>();
        var computed = 0;
        int Self() => memo.Get("self", () => { computed++; return Self() + 1; }, -100);
        int Caller() => memo.Get("caller", () => Self() * 2, -1);

        Assert.Equal((-198, -99), (Caller(), Self()));
        Assert.Equal(1, computed);
    }

    [Fact]
    public async Task AnotherThread_NeverSeesAQuestionInProgress()
    {
        var memo = new RunMemo<string, string>();
        using var started = new System.Threading.ManualResetEventSlim();
        using var release = new System.Threading.ManualResetEventSlim();
        var slow = Task.Run(() => memo.Get("k", () => { started.Set(); release.Wait(); return "answer"; }, "cycle"));
        started.Wait();

        // the first thread is still computing "k": this one computes it too instead of taking the cycle's answer
        var other = await Task.Run(() => memo.Get("k", () => "answer", "cycle"));
        release.Set();

        Assert.Equal(new[] { "answer", "answer" }, new List<string> { other, await slow });
    }
}
